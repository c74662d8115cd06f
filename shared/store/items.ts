// The single table's items: keys and shapes in one place. Access patterns:
//   application by id .............. pk APP#<id>, sk APPLICATION
//   its audit trail, in time order .. pk APP#<id>, sk begins_with EVENT#
//   its review rounds ............... pk APP#<id>, sk REVIEW#<nnn>
//   its change requests ............. pk APP#<id>, sk CHANGES#<nnn> (numbered after the round that asked)
//   e-mails already sent ............ pk APP#<id>, sk NOTICE#<kind>
//   a link by its token's hash ...... pk LINK#<hash>, sk LINK
//   a submission by Idempotency-Key . pk IDEMPOTENCY#<hash>, sk IDEMPOTENCY
//   approved positions of a round ... pk ROUND#<roundId>, sk CAPACITY | MUNICIPALITY#<kommunenummer>
//   submissions per municipality/day  pk SUBMISSIONS#<kommunenummer>, sk DAY#<Oslo date> (TTL)
//   timers due by now (daily run) ... GSI byDue: gsi1pk TIMER, gsi1sk <dueAt ISO>#<pk>#<sk>
//
// Each family's operations (and the conditions that keep them safe) are in its own module here.

import type { Application } from '../domain/application.js';
import type { ProgrammeId } from '../domain/programmes.js';
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

export function timerAttributes(dueAt: Date, item: { pk: string; sk: string }) {
  return { gsi1pk: TIMER_PARTITION, gsi1sk: `${dueAt.toISOString()}#${item.pk}#${item.sk}` };
}

export interface ApplicationItem {
  pk: string;
  sk: string;
  applicationId: string;
  programme: ProgrammeId;
  roundId: string;
  municipalityNumber: string;
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string;
  /**
   * The status link's secret, kept as is: it only lets its holder read what this item already
   * holds, and the receipt e-mail is written from it. Decision links, which act, are kept hashed.
   */
  statusSecret: string;
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
  gsi1pk?: string;
  gsi1sk?: string;
}

export interface AuditEventItem {
  pk: string;
  sk: string;
  applicationId: string;
  type: AuditEventType;
  at: string;
  by: string;
  comment?: string;
}

export interface ReviewRoundItem {
  pk: string;
  sk: string;
  applicationId: string;
  round: number;
  /** Step Functions task token of the waiting "Request review" task. Never leaves the server. */
  taskToken: string;
  status: 'OPEN' | 'DECIDED';
  requestedAt: string;
  windowStart: string;
  windowEnd: string;
  reviewers: string[];
  /** Reviewers whose e-mail for the current window has gone out. */
  notified?: string[];
  decision?: { decision: Decision; comment: string; by: string; at: string };
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

export type LinkPurpose = 'decision' | 'amend';

export interface LinkItem {
  pk: string;
  sk: string;
  purpose: LinkPurpose;
  applicationId: string;
  round: number;
  /** Who the link speaks for: the reviewer's address, or the municipality's contact. */
  holder: string;
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

export interface CapacityItem {
  pk: string;
  sk: string;
  approvedPositions: number;
}
