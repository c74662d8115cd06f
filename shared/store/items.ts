// The single table's items: keys and shapes in one place. Access patterns:
//   application by id .............. pk APP#<id>, sk APPLICATION
//   its audit trail, in time order .. pk APP#<id>, sk begins_with EVENT#
//   its review rounds ............... pk APP#<id>, sk REVIEW#<nnn>
//   its change requests ............. pk APP#<id>, sk CHANGES#<nnn> (numbered after the round that asked)
//   the content an amendment replaced  pk APP#<id>, sk VERSION#<nnn> (the version it was)
//   e-mails already sent ............ pk APP#<id>, sk NOTICE#<kind>
//   a link by its token's hash ...... pk LINK#<hash>, sk LINK
//   a submission by Idempotency-Key . pk IDEMPOTENCY#<hash>, sk IDEMPOTENCY
//   approved positions of a round ... pk ROUND#<roundId>, sk CAPACITY | MUNICIPALITY#<kommunenummer>
//   submissions per municipality/day  pk SUBMISSIONS#<kommunenummer>, sk DAY#<Oslo date> (TTL)
//   receipts to an unconfirmed address
//   per day ......................... pk SUBMISSIONS#ADDRESS#<address hash>, sk DAY#<Oslo date> (TTL)
//   a contact address, per programme  pk CONTACT#<programme>#<address hash>, sk CONTACT
//   an application's wait for its
//   contact to confirm the address .. pk APP#<id>, sk VERIFY
//   its grant ....................... pk APP#<id>, sk GRANT
//   the grant's positions ........... pk APP#<id>, sk POSITION#<ppp> (none on a grant written
//                                     before positions had plans: it is read as position 1)
//   the positions' instalments ...... pk APP#<id>, sk INSTALMENT#<nnn> (position 1, by year),
//                                     INSTALMENT#P<ppp>#<nnn> (position 2 on)
//   a position-year's confirmation .. pk APP#<id>, sk CONFIRMATION#<nnn> | CONFIRMATION#P<ppp>#<nnn>
//   a workflow stopped after retries  pk APP#<id>, sk STOPPED#REVIEW | STOPPED#PAYMENT#<nnn>
//                                     | STOPPED#PAYMENT#P<ppp>#<nnn>
//   Position 1's keys are the keys a grant had before positions had plans of their own, so an
//   item written then is position 1's, and one without a `position` attribute reads as 1.
//   a finance notification .......... pk NOTIFICATION#<id>, sk NOTIFICATION
//   a programme's notification written
//   but not yet marked sent ......... pk FINANCE#<programme>, sk OPEN
//   timers due by now (daily run) ... GSI byDue: gsi1pk TIMER, gsi1sk <dueAt ISO>#<pk>#<sk>
//   instalments ready for finance ... GSI byDue: gsi1pk READY#<programme>, gsi1sk <dueAt ISO>#<pk>#<sk>
//   a programme's records for staff  GSI byProgramme: gsi2pk PROGRAMME#<programme>,
//                                      gsi2sk <record kind>#<time>#<application id>[#<year or round>]
//   a staff sign-in link ............ pk LINK#<hash>, sk LINK (purpose staff-signin)
//   a staff address's last link ..... pk STAFF#<address>, sk SIGNIN (TTL)
//   a staff session ................. pk SESSION#<hash of the session id>, sk SESSION (TTL)
//   a programme's staff register .... pk REGISTER#<programme>, sk STAFF
//   a programme's administration log  pk ADMIN#<programme>, sk EVENT#<at>#<unique>
//   a draft ......................... pk DRAFT#<draftId>, sk DRAFT (its links: LINK#, purpose draft)
//   drafts of an address per day .... pk DRAFTS#ADDRESS#<address hash>, sk DAY#<Oslo date> (TTL)
//   drafts of a municipality, round . pk DRAFTS#ROUND#<roundId>, sk COUNT#<kommunenummer>
//   what an organisation number and
//   a contact address find .......... pk FIND#<hash of both>, sk FOUND#APP#<id> | FOUND#DRAFT#<id>
//   requests to find, per day ....... pk FIND#DAY#<hash of address or org. number>, sk DAY#<date> (TTL)
//   an address mail no longer goes to
//   (bounced, complained) ........... pk ADDRESS#<address hash>, sk UNDELIVERABLE
//   a concluded case's erasure of
//   personal data, its date and timer pk APP#<id>, sk RETENTION
//   a programme's settings and rounds pk SETTINGS#<programme>, sk SETTINGS (seeded on first read)
//   changes to them, in time order .. pk SETTINGS#<programme>, sk EVENT#<at>#<unique>
//   an application's decision letters
//   and their complaints ............ pk APP#<id>, sk LETTER#<nnn> | COMPLAINT#<nnn> (letters.ts)
//
// Each family's operations (and the conditions that keep them safe) are in its own module here.

import type { Application } from '../domain/application.js';
import type {
  Confirmation,
  FinanceLine,
  GrantEndReason,
  GrantStatus,
  Instalment,
  Position,
} from '../domain/grant.js';
import type { EmploymentModel, Programme, ProgrammeId, RoundTerms } from '../domain/programmes.js';
import type { RoundFieldChange } from '../domain/rounds.js';
import type { StaffMember } from '../domain/staff.js';
import type {
  ApplicationStatus,
  AuditEventType,
  Decision,
  ReviewTimerStage,
} from '../domain/review.js';

/** The table's keys, index and TTL attribute; the CDK table (infra/constructs/data.ts) is built from these. */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  dueIndexName: 'byDue',
  dueIndexPartitionKey: 'gsi1pk',
  dueIndexSortKey: 'gsi1sk',
  ttlAttribute: 'expiresAtEpoch',
  programmeIndexName: 'byProgramme',
  programmeIndexPartitionKey: 'gsi2pk',
  programmeIndexSortKey: 'gsi2sk',
} as const;

export const DUE_INDEX = TABLE_KEYS.dueIndexName;
export const TIMER_PARTITION = 'TIMER';
/** What an item drops when its timer has done its work, so the daily run no longer finds it. */
export const TIMER_FIELDS = [
  'timerStage',
  TABLE_KEYS.dueIndexPartitionKey,
  TABLE_KEYS.dueIndexSortKey,
];

export const keys = {
  application: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'APPLICATION' }),
  eventPrefix: 'EVENT#',
  event: (applicationId: string, at: string, unique: string) => ({
    pk: `APP#${applicationId}`,
    sk: `EVENT#${at}#${unique}`,
  }),
  reviewRound: (applicationId: string, round: number) => ({
    pk: `APP#${applicationId}`,
    sk: `REVIEW#${pad(round)}`,
  }),
  changeRequest: (applicationId: string, round: number) => ({
    pk: `APP#${applicationId}`,
    sk: `CHANGES#${pad(round)}`,
  }),
  /** The content of an earlier version, kept when an amendment replaced it. */
  applicationVersion: (applicationId: string, version: number) => ({
    pk: `APP#${applicationId}`,
    sk: `VERSION#${pad(version)}`,
  }),
  notice: (applicationId: string, kind: string) => ({
    pk: `APP#${applicationId}`,
    sk: `NOTICE#${kind}`,
  }),
  link: (tokenHash: string) => ({ pk: `LINK#${tokenHash}`, sk: 'LINK' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
  roundCapacity: (roundId: string) => ({ pk: `ROUND#${roundId}`, sk: 'CAPACITY' }),
  municipalityCapacity: (roundId: string, municipalityNumber: string) => ({
    pk: `ROUND#${roundId}`,
    sk: `MUNICIPALITY#${municipalityNumber}`,
  }),
  submissionsOfDay: (municipalityNumber: string, osloDate: string) => ({
    pk: `SUBMISSIONS#${municipalityNumber}`,
    sk: `DAY#${osloDate}`,
  }),
  receiptsToAddressOfDay: (addressHash: string, osloDate: string) => ({
    pk: `SUBMISSIONS#ADDRESS#${addressHash}`,
    sk: `DAY#${osloDate}`,
  }),
  /** A contact address (by its hash) as one programme knows it: confirmed, blocked. */
  contact: (programme: ProgrammeId, addressHash: string) => ({
    pk: `CONTACT#${programme}#${addressHash}`,
    sk: 'CONTACT',
  }),
  contactVerification: (applicationId: string) => ({
    pk: `APP#${applicationId}`,
    sk: 'VERIFY',
  }),
  grant: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'GRANT' }),
  positionPrefix: 'POSITION#',
  position: (applicationId: string, position: number) => ({
    pk: `APP#${applicationId}`,
    sk: `POSITION#${pad(position)}`,
  }),
  instalmentPrefix: 'INSTALMENT#',
  instalment: (ref: PositionYear) => ({
    pk: `APP#${ref.applicationId}`,
    sk: `INSTALMENT#${positionYear(ref)}`,
  }),
  confirmationPrefix: 'CONFIRMATION#',
  confirmation: (ref: PositionYear) => ({
    pk: `APP#${ref.applicationId}`,
    sk: `CONFIRMATION#${positionYear(ref)}`,
  }),
  /** The review's stop (no year), or one position-year's payment's. */
  stoppedWorkflow: (applicationId: string, payment?: Omit<PositionYear, 'applicationId'>) => ({
    pk: `APP#${applicationId}`,
    sk:
      payment === undefined
        ? 'STOPPED#REVIEW'
        : `STOPPED#PAYMENT#${positionYear({ applicationId, ...payment })}`,
  }),
  financeNotification: (notificationId: string) => ({
    pk: `NOTIFICATION#${notificationId}`,
    sk: 'NOTIFICATION',
  }),
  openFinanceNotification: (programme: ProgrammeId) => ({
    pk: `FINANCE#${programme}`,
    sk: 'OPEN',
  }),
  staffSignIn: (addressHash: string) => ({ pk: `STAFF#${addressHash}`, sk: 'SIGNIN' }),
  session: (sessionIdHash: string) => ({ pk: `SESSION#${sessionIdHash}`, sk: 'SESSION' }),
  staffRegister: (programme: ProgrammeId) => ({ pk: `REGISTER#${programme}`, sk: 'STAFF' }),
  adminEventPartition: (programme: ProgrammeId) => `ADMIN#${programme}`,
  adminEvent: (programme: ProgrammeId, at: string, unique: string) => ({
    pk: `ADMIN#${programme}`,
    sk: `EVENT#${at}#${unique}`,
  }),
  draft: (draftId: string) => ({ pk: `DRAFT#${draftId}`, sk: 'DRAFT' }),
  draftsOfAddressDay: (addressHash: string, osloDate: string) => ({
    pk: `DRAFTS#ADDRESS#${addressHash}`,
    sk: `DAY#${osloDate}`,
  }),
  draftsOfMunicipality: (roundId: string, municipalityNumber: string) => ({
    pk: `DRAFTS#ROUND#${roundId}`,
    sk: `COUNT#${municipalityNumber}`,
  }),
  findPartition: (pairHash: string) => `FIND#${pairHash}`,
  found: (pairHash: string, what: 'APP' | 'DRAFT', id: string) => ({
    pk: `FIND#${pairHash}`,
    sk: `FOUND#${what}#${id}`,
  }),
  findsOfDay: (hash: string, osloDate: string) => ({
    pk: `FIND#DAY#${hash}`,
    sk: `DAY#${osloDate}`,
  }),
  /** An address SES reported as bouncing or complaining: no more mail goes to it. */
  undeliverable: (addressHash: string) => ({ pk: `ADDRESS#${addressHash}`, sk: 'UNDELIVERABLE' }),
  retention: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'RETENTION' }),
  programmeSettings: (programme: ProgrammeId) => ({
    pk: `SETTINGS#${programme}`,
    sk: 'SETTINGS',
  }),
  programmeSettingsEvent: (programme: ProgrammeId, at: string, unique: string) => ({
    pk: `SETTINGS#${programme}`,
    sk: `EVENT#${at}#${unique}`,
  }),
} as const;

/**
 * What kind of item a key belongs to, told by its sort key's prefix. The daily run dispatches on
 * this; a new item family adds its prefix here.
 */
const KIND_BY_SORT_KEY_PREFIX = {
  APPLICATION: 'application',
  'REVIEW#': 'review-round',
  'CHANGES#': 'change-request',
  'NOTICE#': 'notice',
  'EVENT#': 'audit-event',
  LINK: 'link',
  IDEMPOTENCY: 'idempotency',
  CAPACITY: 'capacity',
  'MUNICIPALITY#': 'capacity',
  'DAY#': 'submission-count',
  GRANT: 'grant',
  'POSITION#': 'position',
  'INSTALMENT#': 'instalment',
  'CONFIRMATION#': 'confirmation',
  'STOPPED#': 'stopped-workflow',
  'VERSION#': 'application-version',
  NOTIFICATION: 'finance-notification',
  OPEN: 'open-finance-notification',
  SIGNIN: 'staff-sign-in',
  SESSION: 'session',
  STAFF: 'staff-register',
  CONTACT: 'contact',
  VERIFY: 'contact-verification',
  DRAFT: 'draft',
  'COUNT#': 'draft-count',
  'FOUND#': 'found',
  UNDELIVERABLE: 'undeliverable-address',
  SETTINGS: 'programme-settings',
  RETENTION: 'retention',
  'LETTER#': 'letter',
  'COMPLAINT#': 'complaint',
} as const;

export type ItemKind = (typeof KIND_BY_SORT_KEY_PREFIX)[keyof typeof KIND_BY_SORT_KEY_PREFIX];

export function itemKind(key: { sk: string }): ItemKind | undefined {
  for (const [prefix, kind] of Object.entries(KIND_BY_SORT_KEY_PREFIX))
    if (key.sk.startsWith(prefix)) return kind;
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

/** One year of one position of a grant: what an instalment, a confirmation, a payment is of. */
export interface PositionYear {
  applicationId: string;
  position: number;
  year: number;
}

/** `<nnn>` for position 1 (the keys from before positions had plans), else `P<ppp>#<nnn>`. */
function positionYear(ref: PositionYear): string {
  return ref.position === 1 ? pad(ref.year) : `P${pad(ref.position)}#${pad(ref.year)}`;
}

/**
 * An item as read, with its position: one written before positions had plans of their own has
 * none, and is position 1's. Every read of instalments, confirmations and finance rows goes
 * through this.
 */
export function withPosition<T extends { position?: number }>(
  item: T,
): Omit<T, 'position'> & { position: number } {
  return { ...item, position: item.position ?? 1 };
}

export function timerAttributes(dueAt: Date, item: { pk: string; sk: string }) {
  return { gsi1pk: TIMER_PARTITION, gsi1sk: `${dueAt.toISOString()}#${item.pk}#${item.sk}` };
}

/**
 * The index partition of a programme's instalments that are ready for finance, by due time: the
 * daily run gathers them into one notification per programme, apart from the other timers.
 */
export function readyPartition(programme: ProgrammeId): string {
  return `READY#${programme}`;
}

export function readyAttributes(programme: ProgrammeId, dueAt: Date, item: Key) {
  return {
    gsi1pk: readyPartition(programme),
    gsi1sk: `${dueAt.toISOString()}#${item.pk}#${item.sk}`,
  };
}

type Key = { pk: string; sk: string };

export const PROGRAMME_INDEX = TABLE_KEYS.programmeIndexName;

/** The kinds of record a programme's index partition holds, each under its own sort-key prefix. */
export const PROGRAMME_RECORD_PREFIXES = {
  application: 'APPLICATION#',
  reviewRound: 'REVIEW#',
  grant: 'GRANT#',
  position: 'POSITION#',
  instalment: 'INSTALMENT#',
  confirmation: 'CONFIRMATION#',
} as const;

export type ProgrammeRecordKind = keyof typeof PROGRAMME_RECORD_PREFIXES;

export function programmePartition(programme: ProgrammeId): string {
  return `PROGRAMME#${programme}`;
}

/**
 * Puts a record in its programme's partition of the byProgramme index, sorted by kind and then by
 * `sortValue` (a time, then the application id), so staff pages and exports read a programme's
 * records of one kind with a query, page by page.
 */
export function programmeIndexAttributes(
  programme: ProgrammeId,
  kind: ProgrammeRecordKind,
  sortValue: string,
) {
  return {
    gsi2pk: programmePartition(programme),
    gsi2sk: `${PROGRAMME_RECORD_PREFIXES[kind]}${sortValue}`,
  };
}

export interface ApplicationItem {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  roundId: string;
  municipalityNumber: string;
  status: ApplicationStatus;
  /** Set by an approval: the positions it granted (absent on items approved before it existed). */
  positionsApproved?: number;
  submittedAt: string;
  updatedAt: string;
  /**
   * The status link's secret, kept as is: it only lets its holder read what this item already
   * holds, and the receipt e-mail is written from it. Decision links, which act, are kept hashed.
   */
  statusSecret: string;
  /** How often the lead changed the contact (a staff action); numbers the change's e-mails. */
  contactChanges?: number;
  /** The contact's address before the latest change, told of it once. */
  previousContactEmail?: string;
  application: Application;
  /** Grows with each amendment. */
  version: number;
  /** Number of the latest review round; 0 before the first. */
  reviewRound: number;
  /**
   * How often its review was resumed after its execution stopped; the execution now running is
   * named `<applicationId>-r<n>` (see adapters/workflow.ts reviewExecutionName).
   */
  executionResumes?: number;
  /** 'start': the workflow is to be started, by the submission or else by the daily run. */
  timerStage?: 'start';
  /**
   * 'required': the contact's address had not been confirmed for the programme when it was
   * submitted, so it began AWAITING_CONTACT (its `contactVerification` item holds the wait).
   */
  contactConfirmation?: 'required';
  /**
   * 'municipality': withdrawn through its status link (services/withdrawal.ts). Absent for the
   * other withdrawals, an address never confirmed or a change request unanswered.
   */
  withdrawnBy?: 'municipality';
  /**
   * Complaints filed and not yet answered by the programme (shared/store/letters.ts); while any
   * is, the application shows COMPLAINED.
   */
  openComplaints?: number;
  gsi1pk?: string;
  gsi1sk?: string;
}

/**
 * An application's content as it was sent in one version, kept when an amendment replaced it (the
 * current version is the application item's own): the case documents hold every version sent.
 */
export interface ApplicationVersionItem {
  pk: string;
  sk: string;
  applicationId: string;
  version: number;
  application: Application;
  /** When the amendment replaced it. */
  replacedAt: string;
}

export interface AuditEventItem {
  pk: string;
  sk: string;
  applicationId: string;
  type: AuditEventType;
  at: string;
  by: string;
  comment?: string;
  /**
   * 'conclude': an event that may conclude the case (CONCLUDING_EVENTS in domain/erasure.ts); the
   * daily run checks whether it did and schedules the erasure, then drops the timer.
   */
  timerStage?: 'conclude';
  gsi1pk?: string;
  gsi1sk?: string;
}

/**
 * When a concluded case's personal data is erased: from the day it concluded and the programme's
 * retention, with the daily run's timer on that day (shared/services/retention.ts).
 */
export interface RetentionItem {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  /** The concluding event's instant: the retention counts from here. */
  concludedAt: string;
  /** The Oslo day of the erasure, as scheduled when the case concluded. */
  eraseOn: string;
  /**
   * SCHEDULED until the day; ERASED after; REOPENED when the case was found not concluded on the
   * day (a complaint granted), until a later conclusion schedules it again.
   */
  status: 'SCHEDULED' | 'ERASED' | 'REOPENED';
  erasedAt?: string;
  updatedAt: string;
  timerStage?: 'erase';
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface ReviewRoundItem {
  pk: string;
  sk: string;
  applicationId: string;
  round: number;
  /** Step Functions task token of the waiting "Request review" task. Never leaves the server. */
  taskToken: string;
  /** WITHDRAWN: the municipality withdrew the application while the round waited. */
  status: 'OPEN' | 'DECIDED' | 'WITHDRAWN';
  withdrawnAt?: string;
  requestedAt: string;
  windowStart: string;
  windowEnd: string;
  reviewers: string[];
  /** Reviewers whose e-mail for the current window has gone out. */
  notified?: string[];
  /**
   * How often the lead replaced the round's links (resend, replace a reviewer): the decision links
   * issued now carry it, and a change is conditional on it as read.
   */
  linkRevision?: number;
  /** Per reviewer, the oldest revision of their links that still works; older ones answer 410. */
  linksValidFrom?: Record<string, number>;
  /** When the lead last had the links sent again. */
  linksResentAt?: string;
  decision?: {
    decision: Decision;
    comment: string;
    by: string;
    at: string;
    /** With an approval: the yearly grant per position the reviewer set, in whole kroner. */
    yearlyAmount?: number;
    /** With an approval: how many of the asked positions it grants (absent before it existed: all). */
    positionsApproved?: number;
  };
  /** Set once the workflow has been handed the decision. */
  resumedAt?: string;
  timerStage?: ReviewTimerStage | 'resume';
  /** The timer stage whose e-mails are going out; the timer stays due until they have. */
  mailingStage?: ReviewTimerStage;
  /** The timer the stage being mailed moves on to once its mailing is done. */
  mailingNext?: { stage: ReviewTimerStage; dueAt: string };
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface ChangeRequestItem {
  pk: string;
  sk: string;
  applicationId: string;
  round: number;
  taskToken: string;
  status: 'OPEN' | 'AMENDED' | 'WITHDRAWN';
  comment: string;
  requestedAt: string;
  deadline: string;
  notifiedAt?: string;
  outcome?: 'amended' | 'withdrawn';
  resumedAt?: string;
  timerStage?: 'withdraw' | 'resume';
  gsi1pk?: string;
  gsi1sk?: string;
}

export type LinkPurpose =
  | 'decision'
  | 'amend'
  | 'confirmation'
  | 'payment'
  | 'staff-signin'
  | 'verify'
  | 'draft'
  | 'position'
  /** A decision letter's complaint link; `round` is the letter's number. */
  | 'complaint';

export interface LinkItem {
  pk: string;
  sk: string;
  purpose: LinkPurpose;
  /**
   * What the link acts on: an application; for a payment link, a finance notification's id; for a
   * staff sign-in link, nothing ('').
   */
  applicationId: string;
  /**
   * The review round (decision, amend), the grant's year (confirmation: the year of the first
   * position it asks about), the position (position start); 0 for payment links.
   */
  round: number;
  /** A confirmation link's positions, when it asks about more than position 1's year `round`. */
  positions?: { position: number; year: number }[];
  /** Who the link speaks for: a reviewer, the municipality's contact, or finance. */
  holder: string;
  /** A decision link's revision of its round's links (ReviewRoundItem.linkRevision); absent: 0. */
  revision?: number;
  expiresAt: string;
  usedAt?: string;
  /** DynamoDB TTL: the item outlives its expiry long enough to answer 410 rather than 404. */
  expiresAtEpoch: number;
}

export interface IdempotencyItem {
  pk: string;
  sk: string;
  applicationId: string;
  /** SHA-256 of the request body: a repeat must be the same request. */
  requestHash: string;
  createdAt: string;
  expiresAtEpoch: number;
}

/**
 * A contact address as one programme knows it, under the hash of the address (never the address
 * itself). `confirmedAt`: it has confirmed once, so its applications go straight to review.
 * `blocked`: the lead has blocked it (services/contacts.ts isBlocked is the one reading of it).
 */
export interface ContactItem {
  pk: string;
  sk: string;
  programme: ProgrammeId;
  confirmedAt?: string;
  blocked?: boolean;
  blockedAt?: string;
}

/**
 * An application waiting for its contact to confirm the address, and the workflow task ("Await
 * contact") that waits with it. Written with the application; the verify link confirms it, the
 * daily run expires it at its deadline.
 */
export interface ContactVerificationItem {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  addressHash: string;
  /** WITHDRAWN: the municipality withdrew the application before confirming. */
  status: 'OPEN' | 'CONFIRMED' | 'EXPIRED' | 'WITHDRAWN';
  /** When the application is withdrawn unless confirmed. */
  deadline: string;
  /** The waiting task's token; absent until the workflow reaches "Await contact". */
  taskToken?: string;
  outcome?: 'confirmed' | 'expired' | 'withdrawn';
  closedAt?: string;
  resumedAt?: string;
  /** 'expire' at the deadline; 'resume': the outcome is to be handed to the workflow. */
  timerStage?: 'expire' | 'resume';
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface CapacityItem {
  pk: string;
  sk: string;
  approvedPositions: number;
}

export interface GrantItem {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  roundId: string;
  municipality: { number: string; name: string; organisationNumber: string };
  /** Who the municipality's e-mails go to: the application's contact. */
  contactEmail: string;
  /** How many positions the approval granted. */
  positions: number;
  /** The application's employment model (each position reports its own once started). */
  employmentModel: EmploymentModel;
  yearlyAmountPerPosition: number;
  egenandelPerPosition: number;
  /**
   * The earliest position's first due date, YYYY-MM-DD (a grant whose positions all await their
   * doctors: the first of the month after the decision, as on grants written before positions).
   */
  startDate: string;
  /** The most years any position is paid. */
  years: number;
  status: GrantStatus;
  /** The approval's instant, which a new position may not start before. */
  decidedAt?: string;
  createdAt: string;
  endedOn?: string;
  endReason?: GrantEndReason;
  completedAt?: string;
}

export type { GrantEndReason };

/**
 * One approved position of a grant. A new position waits for its doctor (AWAITING_START) with a
 * link to report the start, a reminder and a lapse timer; a started one runs on its instalments.
 */
export interface PositionItem extends Position {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  roundId: string;
  municipalityNumber: string;
  /**
   * The employment model its doctor started under (`employmentModel` follows the confirmations):
   * what the evaluation counts a start by. Absent on items written before it was kept.
   */
  startedAs?: EmploymentModel;
  /** When the position lapses unless its start is reported (AWAITING_START only). */
  lapsesAt?: string;
  startedAt?: string;
  updatedAt: string;
  /** 'remind': the lapse reminder is due; 'lapse': the position lapses now. */
  timerStage?: 'remind' | 'lapse';
  gsi1pk?: string;
  gsi1sk?: string;
}

/**
 * One year's instalment. From "Await payment" on it is also the item that year's workflow task
 * waits on: its token, and `resumedAt` once the payment has been handed over.
 */
export interface InstalmentItem extends Instalment {
  pk: string;
  sk: string;
  updatedAt: string;
  taskToken?: string;
  resumedAt?: string;
  /**
   * How often the year's payment was resumed after its execution stopped; the execution now
   * running is named `<applicationId>-y<year>-r<n>` (adapters/workflow.ts annualPaymentExecutionName).
   */
  executionResumes?: number;
  /** 'start': the year's payment workflow is to be started; 'resume': its payment handed over. */
  timerStage?: 'start' | 'resume' | 'ready';
  /**
   * Held back by the programme lead (a staff action): while set, the instalment is in no finance
   * notification (a ready one leaves the ready partition) until the lead releases it.
   */
  heldByLead?: { by: string; at: string };
  /** How often the lead held it back; numbers the hold's e-mails. */
  leadHolds?: number;
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface ConfirmationItem {
  pk: string;
  sk: string;
  applicationId: string;
  /** The grant's position it asks about (an item written before positions had plans: 1). */
  position: number;
  year: number;
  dueDate: string;
  taskToken: string;
  status: 'OPEN' | 'ANSWERED' | 'UNCONFIRMED';
  requestedAt: string;
  /** Hash of the one link that works now; a reminder issues a fresh link and voids the one before. */
  linkHash?: string;
  /**
   * The position whose request step mails this request, in one e-mail with the other positions
   * of the grant due the same day (services/confirmations.ts `requestMailGroup`).
   */
  mailer?: number;
  notifiedAt?: string;
  answer?: Confirmation & { by: string; at: string };
  outcome?: 'continuing' | 'ended' | 'unconfirmed';
  resumedAt?: string;
  timerStage?: 'remind' | 'hold' | 'end' | 'resume';
  gsi1pk?: string;
  gsi1sk?: string;
}

/**
 * One row of a finance notification: what finance is asked to pay, as the e-mail and its CSV show
 * it, copied from the instalment and its grant when the notification is written.
 */
export type FinanceNotificationRow = FinanceLine;

/**
 * A workflow execution that stopped after its retries (its Catch recorded it, with a timer due at
 * once): the daily run resumes the workflow and drops the timer. The last stop stays as a record.
 */
export interface StoppedWorkflowItem {
  pk: string;
  sk: string;
  applicationId: string;
  workflow: 'review' | 'payment';
  /** The position and its year, for a payment (an older item has no position: 1). */
  position?: number;
  year?: number;
  /** The execution that stopped. */
  executionName: string;
  error: string;
  cause?: string;
  stoppedAt: string;
  timerStage?: 'resume';
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface FinanceNotificationItem {
  pk: string;
  sk: string;
  notificationId: string;
  programme: ProgrammeId;
  createdAt: string;
  /** SEALED from the moment it is written (its rows never change); SENT once mailed. */
  status: 'SEALED' | 'SENT';
  /** Its rows, written with it and never changed; each instalment belongs to one notification. */
  instalments: FinanceNotificationRow[];
  /**
   * Payments recorded through its link so far. Each recording moves it on by one, on condition
   * that it has not moved since it was read, so two posts of the link never both record.
   */
  payments: number;
  sentAt?: string;
  timerStage?: 'remind';
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface OpenFinanceNotificationItem {
  pk: string;
  sk: string;
  /** The notification written but not yet marked sent; absent when every one has gone out. */
  current?: string;
  /** While `current` is set: the programme's ready partition, under that notification's time. */
  gsi1pk?: string;
  gsi1sk?: string;
}

/** When a staff address was last sent a sign-in link: at most one link a minute per address. */
export interface StaffSignInItem {
  pk: string;
  sk: string;
  lastSentAt: string;
  expiresAtEpoch: number;
}

/** A signed-in staff member's session, kept under the hash of the id the cookie carries. */
export interface SessionItem {
  pk: string;
  sk: string;
  email: string;
  /**
   * The programmes at sign-in; what the session may see is read from the staff registers at each
   * request, so a role given or taken counts at once.
   */
  programmes: ProgrammeId[];
  createdAt: string;
  expiresAt: string;
  /** Sent back in every staff form: a POST without it did not come from a page of this site. */
  csrfToken: string;
  /** Set by sign-out: the session no longer works, whatever its expiry. */
  endedAt?: string;
  expiresAtEpoch: number;
}

/**
 * A programme's staff register: who holds which role. One item per programme, replaced whole by
 * each change under a condition on its version, so two leads' changes cannot overwrite each other
 * and "the last lead" is checked against what is stored.
 */
export interface StaffRegisterItem {
  pk: string;
  sk: string;
  programme: ProgrammeId;
  members: StaffMember[];
  /** 1 for the seed; one more with each change. */
  version: number;
  updatedAt: string;
  /**
   * Per address, when a removal ended its sessions: a session opened before then no longer works.
   * Entries older than a session's life are dropped with the next change.
   */
  sessionsEndedAt?: Record<string, string>;
}

/** A change an administrator made to a programme (its staff, its rounds): who, when, old and new. */
export interface AdminEventItem {
  pk: string;
  sk: string;
  programme: ProgrammeId;
  /** What was changed, such as `staff`. */
  subject: string;
  type: string;
  by: string;
  at: string;
  old: unknown;
  new: unknown;
}

/**
 * A draft of an application, saved by its contact to be finished later. Its links are link items
 * of purpose `draft` whose `applicationId` is the draft's id; they expire when the round closes.
 * Once sent, the content is dropped and `applicationId` names the application it became.
 */
export interface DraftItem {
  pk: string;
  sk: string;
  draftId: string;
  status: 'OPEN' | 'SENT' | 'DELETED';
  /** Absent once sent or deleted. */
  content?: Record<string, unknown>;
  contactEmail?: string;
  programme?: ProgrammeId;
  roundId?: string;
  municipalityNumber?: string;
  /** When its links stop working: the round's closing (the latest open round's, without a programme). */
  closesAt: string;
  createdAt: string;
  updatedAt: string;
  applicationId?: string;
  sentAt?: string;
  remindedAt?: string;
  /** 'remind' before the round closes (once), then 'delete' after it. */
  timerStage?: 'remind' | 'delete';
  gsi1pk?: string;
  gsi1sk?: string;
  expiresAtEpoch?: number;
}

/** An application or a draft that an organisation number and a contact address together find. */
export interface FoundItem {
  pk: string;
  sk: string;
  kind: 'application' | 'draft';
  id: string;
  expiresAtEpoch?: number;
}

/** What the office may change of a programme, as stored; its id and people are not part of it. */
export type ProgrammeSettings = Omit<Programme, 'id' | 'rounds' | 'people'>;

/**
 * A programme's settings and rounds, one item: one consistent read gives every rule its terms,
 * and one conditional write on `version` changes them, so two leads' edits cannot lose one.
 */
export interface ProgrammeSettingsItem {
  pk: string;
  sk: string;
  programme: ProgrammeId;
  settings: ProgrammeSettings;
  rounds: RoundTerms[];
  version: number;
  /** When the seed was written: the first time the programme was read. */
  seededAt: string;
  updatedAt: string;
  updatedBy?: string;
}

/** A change the lead made to a programme's rounds: who, when, and each field's old and new value. */
export interface ProgrammeSettingsEventItem {
  pk: string;
  sk: string;
  programme: ProgrammeId;
  type: 'round-created' | 'round-changed';
  roundId: string;
  by: string;
  at: string;
  changes: RoundFieldChange[];
}
