// Drafts: saved with any part of an application, opened and saved again through their link, sent
// once as an application (services/submission.ts spends them), reminded once before the round
// closes, and deleted some weeks after. Links follow the rules of the others (services/links.ts):
// random, stored hashed, a GET changes nothing.

import { randomBytes } from 'node:crypto';
import { osloDateOf } from '../domain/calendar.js';
import { DRAFT_RULES, validateDraft, type DraftContent } from '../domain/draft.js';
import { PROGRAMMES, PROGRAMME_IDS, openRound, type Programme } from '../domain/programmes.js';
import { loadProgrammes } from './programme-settings.js';
import { errorName, logger } from '../adapters/logger.js';
import { startMunicipalityRequest } from '../adapters/municipality-requests.js';
import { ConflictError, GoneError, TooManyRequestsError, ValidationError } from '../errors.js';
import { draftReminderMessage, draftSavedMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import { getApplication } from '../store/applications.js';
import {
  claimDraftReminder,
  countDraftPart,
  createDraftPart,
  eraseDraft,
  foundPart,
  getDraft,
  releaseDraftReminder,
  saveDraftPart,
  pairHashOf,
} from '../store/drafts.js';
import { keys, timerAttributes, type DraftItem } from '../store/items.js';
import { putPart, transact } from '../store/table.js';
import { addressHashOf, secondsToOsloMidnight } from './contacts.js';
import { hasExpired, issueLink, prepareLink, resolveLink } from './links.js';
import { statusTokenOf } from './status.js';
import { deliverMail } from './mailing.js';
import { programmeLead } from './staff-register.js';

const DAY_MS = 86_400_000;

/** Saves a new draft and has its link mailed to the contact; answers the link's token. */
export async function saveNewDraft(input: unknown, now = new Date()): Promise<{ token: string }> {
  const draft = validated(input);
  const round = await draftRound(draft.programme, now);
  const draftId = randomBytes(12).toString('base64url');
  const key = keys.draft(draftId);
  const remindAt = new Date(
    Date.parse(round.closesAt) - DRAFT_RULES.reminderDaysBeforeClose * DAY_MS,
  );
  const reminding = remindAt > now;
  const item: DraftItem = {
    ...key,
    draftId,
    status: 'OPEN',
    content: draft.content,
    contactEmail: draft.contactEmail,
    ...(draft.programme && { programme: draft.programme }),
    ...(round.roundId && { roundId: round.roundId }),
    ...(draft.municipalityNumber && { municipalityNumber: draft.municipalityNumber }),
    closesAt: round.closesAt,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    timerStage: reminding ? 'remind' : 'delete',
    ...timerAttributes(reminding ? remindAt : deletionOf(round.closesAt), key),
  };
  const link = prepareLink({
    purpose: 'draft',
    applicationId: draftId,
    round: 0,
    holder: draft.contactEmail,
    expiresAt: new Date(round.closesAt),
  });
  const deleteEpoch = Math.floor(deletionOf(round.closesAt).getTime() / 1000);
  const written = await transact({
    draft: createDraftPart(item),
    link: putPart(link.item as typeof link.item & Record<string, unknown>),
    perAddress: countDraftPart(
      keys.draftsOfAddressDay(addressHashOf(draft.contactEmail), osloDateOf(now)),
      DRAFT_RULES.maxPerAddressPerDay,
      Math.floor(now.getTime() / 1000) + 3 * 86_400,
    ),
    perMunicipality:
      round.roundId && draft.municipalityNumber
        ? countDraftPart(
            keys.draftsOfMunicipality(round.roundId, draft.municipalityNumber),
            DRAFT_RULES.maxPerMunicipalityPerRound,
          )
        : undefined,
    found: draft.organisationNumber
      ? foundPart(
          pairHashOf(draft.organisationNumber, draft.contactEmail),
          'draft',
          draftId,
          deleteEpoch,
        )
      : undefined,
  });
  if (!written.ok) {
    if (written.failed.includes('perAddress'))
      throw tooMany(
        'contact.email',
        'too-many-drafts-for-address',
        `Det er lagret ${DRAFT_RULES.maxPerAddressPerDay} nye utkast i dag med denne e-postadressen. Fortsett på et av dem med lenken i e-posten, eller prøv igjen etter midnatt.`,
        secondsToOsloMidnight(now),
      );
    if (written.failed.includes('perMunicipality'))
      throw tooMany(
        'municipality.municipalityNumber',
        'too-many-drafts-for-municipality',
        `Kommunen har allerede ${DRAFT_RULES.maxPerMunicipalityPerRound} utkast i denne søknadsrunden. Fortsett på et av dem med lenken i e-posten.`,
        Math.max(1, Math.ceil((Date.parse(round.closesAt) - now.getTime()) / 1000)),
      );
    throw new Error('Draft write refused for a fresh id');
  }
  logger.info('draft saved', { draftId, programme: draft.programme });
  try {
    await startMunicipalityRequest({ kind: 'draft-saved', draftId });
  } catch (error) {
    // The draft is saved and its link is in the answer; only the e-mail copy is missing.
    logger.error('draft link e-mail not started', { draftId, error: errorName(error) });
  }
  return { token: link.token };
}

/** Saves an open draft again, under the same link. */
export async function saveDraftAgain(token: string, input: unknown, now = new Date()) {
  const { draft } = await openForChange(token, now);
  const saved = validated(input);
  if (saved.programme && draft.programme && saved.programme !== draft.programme) {
    throw new ValidationError([
      {
        path: 'programme',
        code: 'other-programme',
        message: `Utkastet gjelder ${PROGRAMMES[draft.programme].name}. Start et nytt utkast for et annet program.`,
      },
    ]);
  }
  // A draft begun without a programme belongs to the round of the one chosen now, if it is open.
  const round =
    !draft.programme && saved.programme ? await draftRound(saved.programme, now) : undefined;
  const written = await transact({
    draft: saveDraftPart(
      draft.draftId,
      {
        content: saved.content,
        contactEmail: saved.contactEmail,
        ...(round && saved.programme && { programme: saved.programme }),
        ...(round?.roundId && { roundId: round.roundId }),
        ...(saved.municipalityNumber && { municipalityNumber: saved.municipalityNumber }),
      },
      now,
    ),
    found: saved.organisationNumber
      ? foundPart(
          pairHashOf(saved.organisationNumber, saved.contactEmail),
          'draft',
          draft.draftId,
          Math.floor(deletionOf(draft.closesAt).getTime() / 1000),
        )
      : undefined,
  });
  if (!written.ok) throw new ConflictError([sentAlready()]);
}

export type OpenedDraft =
  | { state: 'open'; draft: DraftItem & { content: DraftContent } }
  | { state: 'sent'; statusToken: string };

/** What a draft link shows: the draft, or the status of the application it became. Reads only. */
export async function openDraft(token: string, now = new Date()): Promise<OpenedDraft> {
  const link = await resolveLink(token, 'draft');
  const draft = await getDraft(link.applicationId);
  if (!draft) throw new GoneError('Draft deleted');
  if (draft.status === 'SENT' && draft.applicationId) {
    const app = await getApplication(draft.applicationId);
    if (app) return { state: 'sent', statusToken: statusTokenOf(app) };
  }
  if (draft.status !== 'OPEN' || !draft.content || hasExpired(link, now))
    throw new GoneError('Draft expired');
  return { state: 'open', draft: draft as DraftItem & { content: DraftContent } };
}

async function openForChange(token: string, now: Date) {
  const opened = await openDraft(token, now);
  if (opened.state === 'sent') throw new ConflictError([sentAlready()]);
  return opened;
}

function sentAlready() {
  return {
    path: '',
    code: 'draft-sent',
    message: 'Utkastet er allerede sendt som søknad. Følg søknaden med lenken i kvitteringen.',
  };
}

function validated(input: unknown) {
  const draft = validateDraft(input);
  if (!draft.ok) throw new ValidationError(draft.errors);
  return draft;
}

/**
 * The round a draft belongs to: its programme's open round, or without a programme the open round
 * that closes last (the draft's link lives until then).
 */
async function draftRound(
  programmeId: DraftItem['programme'],
  now: Date,
): Promise<{ roundId?: string; closesAt: string }> {
  const candidates: Programme[] = await loadProgrammes(programmeId ? [programmeId] : PROGRAMME_IDS);
  const open = candidates
    .map((p) => openRound(p, now))
    .filter((r) => r !== undefined)
    .sort((a, b) => Date.parse(b.closesAt) - Date.parse(a.closesAt));
  const round = open[0];
  if (!round) {
    throw new ConflictError([
      {
        path: 'programme',
        code: 'round-closed',
        message: 'Det er ingen åpen søknadsrunde nå, så utkastet kan ikke lagres.',
      },
    ]);
  }
  return programmeId
    ? { roundId: round.id, closesAt: round.closesAt }
    : { closesAt: round.closesAt };
}

/** When a draft's content is deleted: some days after its round closes. */
export function deletionOf(closesAt: string): Date {
  return new Date(Date.parse(closesAt) + DRAFT_RULES.deleteDaysAfterClose * DAY_MS);
}

function tooMany(path: string, code: string, message: string, retryAfterSeconds: number) {
  return new TooManyRequestsError([{ path, code, message }], retryAfterSeconds);
}

/** The programme a draft's e-mails speak for: its own, or the first for one without. */
function programmeOf(draft: Pick<DraftItem, 'programme'>): Programme {
  return PROGRAMMES[draft.programme ?? PROGRAMME_IDS[0]];
}

/** A fresh link to an open draft (the others stay valid), for an e-mail. */
export async function freshDraftUrl(draft: DraftItem): Promise<string> {
  const token = await issueLink({
    purpose: 'draft',
    applicationId: draft.draftId,
    round: 0,
    holder: draft.contactEmail ?? '',
    expiresAt: new Date(draft.closesAt),
  });
  return publicUrls.draft(token);
}

/** The step after a save: mails the contact a link to the draft. */
export async function mailDraftLink(draftId: string): Promise<'sent' | 'skipped'> {
  const draft = await getDraft(draftId);
  if (draft?.status !== 'OPEN' || !draft.contactEmail) return 'skipped';
  await deliverMail({
    to: [draft.contactEmail],
    message: draftSavedMessage({
      programme: programmeOf(draft),
      lead: await programmeLead(programmeOf(draft).id),
      draftUrl: await freshDraftUrl(draft),
      closesAt: draft.closesAt,
    }),
    programme: draft.programme,
  });
  return 'sent';
}

/**
 * The daily run's part. 'remind': a draft not sent gets its one reminder, the timer moving on to
 * the deletion first, so two runs cannot both send it (given back if the e-mail fails). 'delete':
 * the content and the address go.
 */
export async function onDraftTimer(draft: DraftItem, now: Date): Promise<string> {
  if (draft.timerStage === 'delete') {
    await eraseDraft(draft.draftId, Math.floor(now.getTime() / 1000) + 180 * 86_400, now);
    return 'draft-deleted';
  }
  if (draft.timerStage !== 'remind' || draft.status !== 'OPEN' || !draft.contactEmail)
    return 'skipped';
  if (!(await claimDraftReminder(draft, deletionOf(draft.closesAt), now))) return 'skipped';
  try {
    await deliverMail({
      to: [draft.contactEmail],
      message: draftReminderMessage({
        programme: programmeOf(draft),
        lead: await programmeLead(programmeOf(draft).id),
        draftUrl: await freshDraftUrl(draft),
        closesAt: draft.closesAt,
      }),
      programme: draft.programme,
    });
  } catch (error) {
    await releaseDraftReminder(draft).catch(() => undefined);
    throw error;
  }
  return 'draft-reminded';
}
