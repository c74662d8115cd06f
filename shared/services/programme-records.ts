// Everything the programme office sees of one programme, read from the table's byProgramme index
// (never a Scan): the applications, their review rounds, the grants with their instalments, and
// the yearly confirmations. Staff pages and exports are computed from these. Staff see only their
// own programmes: anything else is answered as unknown.

import type { Position } from '../domain/grant.js';
import { readPositions } from './grants.js';
import { findMunicipality } from '../domain/identifiers.js';
import {
  EMPLOYMENT_MODELS,
  PROGRAMMES,
  type Programme,
  type ProgrammeId,
} from '../domain/programmes.js';
import { APPLICATION_STATUSES, isApplicationIdShape } from '../domain/review.js';
import type { FieldError } from '../domain/application.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { readApplicationRecords, type ApplicationRecords } from '../store/application-records.js';
import {
  PROGRAMME_RECORD_PREFIXES,
  type ApplicationItem,
  type ConfirmationItem,
  type GrantItem,
  type InstalmentItem,
  type PositionItem,
  type ProgrammeRecordKind,
  type ReviewRoundItem,
} from '../store/items.js';
import {
  allProgrammeRecords,
  programmeRecordPage,
  type RecordPosition,
} from '../store/programme-records.js';
import { undeliverableMark } from './mailing.js';

export interface ProgrammeRecords {
  programme: ProgrammeId;
  applications: ApplicationItem[];
  /** Every review round; a round still waiting for a decision has status OPEN. */
  reviewRounds: ReviewRoundItem[];
  grants: GrantItem[];
  /** The grants' positions; a grant written before positions had plans has none. */
  positions: PositionItem[];
  instalments: InstalmentItem[];
  confirmations: ConfirmationItem[];
}

/** A programme's records of every kind, one index query per kind, run side by side. */
export async function loadProgrammeRecords(programme: ProgrammeId): Promise<ProgrammeRecords> {
  const [applications, reviewRounds, grants, positions, instalments, confirmations] =
    await Promise.all([
      allProgrammeRecords<ApplicationItem>(programme, 'application'),
      allProgrammeRecords<ReviewRoundItem>(programme, 'reviewRound'),
      allProgrammeRecords<GrantItem>(programme, 'grant'),
      allProgrammeRecords<PositionItem>(programme, 'position'),
      allProgrammeRecords<InstalmentItem>(programme, 'instalment'),
      allProgrammeRecords<ConfirmationItem>(programme, 'confirmation'),
    ]);
  return { programme, applications, reviewRounds, grants, positions, instalments, confirmations };
}

/** The programme a staff member asked for, if it is one of theirs; otherwise "unknown". */
export function ownProgramme(requested: string, programmes: readonly ProgrammeId[]): ProgrammeId {
  const found = programmes.find((programme) => programme === requested);
  if (!found) throw new NotFoundError('Not a programme of this staff member');
  return found;
}

export interface ApplicationFilter {
  roundId?: string;
  status?: (typeof APPLICATION_STATUSES)[number];
  county?: string;
  employmentModel?: (typeof EMPLOYMENT_MODELS)[number];
}

/** Reads the list's filters from a query string; a value that is not one of the choices is an error. */
export function parseApplicationFilter(
  programme: ProgrammeId,
  query: Readonly<Record<string, string | undefined>>,
  /** The programme as it runs (its rounds from the table); the seed's by default. */
  running: Programme = PROGRAMMES[programme],
): ApplicationFilter {
  const { rounds, counties } = running;
  const errors: FieldError[] = [];
  const choose = <T extends string>(
    field: string,
    choices: readonly T[],
    message: string,
  ): T | undefined => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    const found = choices.find((choice) => choice === value);
    if (!found) errors.push({ path: field, code: 'invalid', message });
    return found;
  };
  const filter: ApplicationFilter = {
    roundId: choose(
      'round',
      rounds.map((r) => r.id),
      'Velg en søknadsrunde i programmet.',
    ),
    status: choose('status', APPLICATION_STATUSES, 'Velg en status fra listen.'),
    county: choose('county', counties, 'Velg et fylke i programmet.'),
    employmentModel: choose('model', EMPLOYMENT_MODELS, 'Velg en tilknytningsform fra listen.'),
  };
  if (errors.length > 0) throw new ValidationError(errors);
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined),
  ) as ApplicationFilter;
}

function matches(app: ApplicationItem, filter: ApplicationFilter): boolean {
  return (
    (!filter.roundId || app.roundId === filter.roundId) &&
    (!filter.status || app.status === filter.status) &&
    (!filter.employmentModel || app.application.employmentModel === filter.employmentModel) &&
    (!filter.county || findMunicipality(app.municipalityNumber)?.county === filter.county)
  );
}

/** Rows on one page of the staff's application list. */
export const APPLICATIONS_PER_PAGE = 25;
/** Index items one request may read to fill a page, so a rare filter costs a bounded amount. */
const MOST_READ_PER_PAGE = 500;

/**
 * One page of a programme's applications, newest first, filtered. `after` is the cursor of the
 * page before; the answer's `next` is this page's, absent after the last page.
 */
export async function listApplications(
  programme: ProgrammeId,
  filter: ApplicationFilter,
  after?: string,
): Promise<{ rows: ApplicationItem[]; next?: string }> {
  let position = after ? decodeCursor(after, 'application') : undefined;
  const rows: ApplicationItem[] = [];
  let read = 0;
  while (rows.length < APPLICATIONS_PER_PAGE && read < MOST_READ_PER_PAGE) {
    const page = await programmeRecordPage<ApplicationItem & { gsi2sk: string }>(
      programme,
      'application',
      { limit: 100, newestFirst: true, ...(position && { after: position }) },
    );
    read += page.items.length;
    for (const item of page.items) {
      if (!matches(item, filter)) continue;
      rows.push(item);
      if (rows.length === APPLICATIONS_PER_PAGE) {
        // The page is full here: the next one starts after this row, whatever this read held after it.
        const last = { pk: item.pk, sk: item.sk, gsi2sk: item.gsi2sk };
        return {
          rows,
          ...(page.next || item !== page.items.at(-1) ? { next: encodeCursor(last) } : {}),
        };
      }
    }
    position = page.next;
    if (!position) return { rows };
  }
  return { rows, ...(position && { next: encodeCursor(position) }) };
}

/** Everything under one application of the staff member's programmes; unknown otherwise. */
/** The contact's address takes no mail: SES reported it bouncing (or a complaint), since then. */
export interface ContactUndeliverable {
  reason: 'bounce' | 'complaint';
  since: string;
}

export async function applicationDetail(
  applicationId: string,
  programmes: readonly ProgrammeId[],
): Promise<
  ApplicationRecords & { positions: Position[]; contactUndeliverable?: ContactUndeliverable }
> {
  if (!isApplicationIdShape(applicationId)) {
    throw new NotFoundError('Malformed application id');
  }
  const records = await readApplicationRecords(applicationId);
  if (!records || !programmes.includes(records.application.programme)) {
    throw new NotFoundError('Unknown application');
  }
  const mark = await undeliverableMark(records.application.application.contact.email);
  return {
    ...records,
    positions: records.grant ? await readPositions(records.grant, records.instalments) : [],
    ...(mark && { contactUndeliverable: { reason: mark.reason, since: mark.markedAt } }),
  };
}

/**
 * A page cursor, as the client carries it: the position of the last record shown. It is not a
 * secret; it is checked on the way back in so that it can only point into its own kind.
 */
export function encodeCursor(position: RecordPosition): string {
  return Buffer.from(JSON.stringify([position.pk, position.sk, position.gsi2sk])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, kind: ProgrammeRecordKind): RecordPosition {
  const invalid = () =>
    new ValidationError([
      { path: 'after', code: 'invalid', message: 'Lenken til neste side er ikke gyldig.' },
    ]);
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((part) => typeof part === 'string' && part.length > 0 && part.length <= 300)
  ) {
    throw invalid();
  }
  const [pk, sk, gsi2sk] = parsed as [string, string, string];
  if (!pk.startsWith('APP#') || !gsi2sk.startsWith(PROGRAMME_RECORD_PREFIXES[kind])) {
    throw invalid();
  }
  return { pk, sk, gsi2sk };
}
