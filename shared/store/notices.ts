// Notice items: one per application and kind of e-mail to the municipality. A notice is recorded
// PENDING, with a timer, before it is sent (in the transaction that makes it due where there is
// one: the submission, the decision), is claimed SENDING by the one sender that sends it, and
// becomes SENT once the e-mail has gone. The workflow's notify step sends it at once; should the
// step give up (an SES outage longer than its retries), the workflow goes on and the daily run
// sends it when the timer is due.

import { TIMER_FIELDS, keys, timerAttributes } from './items.js';
import { getItem, putNew, putNewPart, update, updatePart, type TransactItem } from './table.js';

/**
 * The e-mails that go once per application; the workflow names them. All go to the municipality
 * but 'withdrawn-reviewers', which tells the reviewers that the municipality withdrew it.
 */
export const NOTICES = [
  'received',
  'approved',
  'rejected',
  'withdrawn',
  'withdrawn-reviewers',
] as const;
export type Notice = (typeof NOTICES)[number];

/** How long the workflow has to send a notice before the daily run takes it over. */
export const NOTICE_GRACE_MS = 60 * 60 * 1000;

export interface NoticeItem {
  pk: string;
  sk: string;
  applicationId: string;
  kind: Notice;
  /**
   * Absent on markers written before notices were recorded ahead of sending: those are SENT.
   * REOPENED: sent once, for a decision a granted complaint has undone (`reopenNoticePart`); the
   * next decision records it anew.
   */
  status?: 'PENDING' | 'SENDING' | 'SENT' | 'REOPENED';
  /** When a sender claimed it (epoch ms); a claim older than the grace is taken to have died. */
  claimedAtMs?: number;
  pendingSince?: string;
  sentAt?: string;
  timerStage?: 'send';
  gsi1pk?: string;
  gsi1sk?: string;
}

export async function getNotice(
  applicationId: string,
  kind: Notice,
): Promise<NoticeItem | undefined> {
  return getItem<NoticeItem>(keys.notice(applicationId, kind));
}

/**
 * The e-mails of a grant that go once per grant, or once per grant year (the year is part of the
 * marker's kind, e.g. `paid-y3`).
 */
/**
 * A grant's e-mails, each sent once. Position 1's year notices keep the names they had before
 * positions had plans (`paid-y2`); a later position's carry it (`paid-p2-y2`).
 */
export type GrantNotice =
  | `${'payment-scheduled' | 'held' | 'paid'}-${`p${number}-` | ''}y${number}`
  | `grant-ended-${'municipality' | 'lead' | 'finance'}`
  | `position-${'ended' | 'lapse-reminder' | 'lapsed' | 'declined'}-p${number}-${'municipality' | 'lead' | 'finance'}`
  /** A complaint of letter n: its receipt, the lead's news, the case sent on, the answer. */
  | `complaint-${number}-${'receipt' | 'lead' | 'klageinstans' | 'answer'}`
  // The lead's actions (services/staff-actions-*.ts), each numbered, as they may happen again.
  | `contact-changed-${number}-${'new' | 'old'}`
  | `lead-${'hold' | 'release'}-${number}-p${number}-y${number}-${'municipality' | 'finance'}`;

/** The notice name of a position-year's e-mail of one kind. */
export function yearNotice(
  kind: 'payment-scheduled' | 'held' | 'paid',
  ref: { position: number; year: number },
): GrantNotice {
  return ref.position === 1 ? `${kind}-y${ref.year}` : `${kind}-p${ref.position}-y${ref.year}`;
}

/** Whether a notice item says its e-mail has gone (a pending or claimed one has not). */
function isSent(notice: { status?: string } | undefined): boolean {
  return notice !== undefined && (notice.status === undefined || notice.status === 'SENT');
}

export async function noticeWasSent(
  applicationId: string,
  kind: Notice | GrantNotice,
): Promise<boolean> {
  return isSent(await getItem<NoticeItem>(keys.notice(applicationId, kind)));
}

function pendingNotice(applicationId: string, kind: Notice, now: Date): NoticeItem {
  const key = keys.notice(applicationId, kind);
  return {
    ...key,
    applicationId,
    kind,
    status: 'PENDING',
    pendingSince: now.toISOString(),
    timerStage: 'send',
    ...timerAttributes(new Date(now.getTime() + NOTICE_GRACE_MS), key),
  };
}

/**
 * A notice made due by the transaction it is part of; the key is new with that transaction, or
 * holds a notice reopened by a granted complaint.
 */
export function pendingNoticePart(applicationId: string, kind: Notice, now: Date): TransactItem {
  const part = putNewPart(pendingNotice(applicationId, kind, now) as never);
  return {
    Put: {
      ...part.Put!,
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :reopened',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':reopened': 'REOPENED' },
    },
  };
}

/**
 * A sent notice whose decision a granted complaint undid: the next decision of the same kind
 * records it anew (`pendingNoticePart`), and it goes again.
 */
export function reopenNoticePart(applicationId: string, kind: Notice): TransactItem {
  return updatePart({
    key: keys.notice(applicationId, kind),
    set: { status: 'REOPENED' },
    remove: TIMER_FIELDS,
    condition: 'attribute_exists(pk)',
  });
}

/**
 * Claims a pending notice for one sender (the workflow's step, or the daily run), so that two never
 * send it at once; a claim older than NOTICE_GRACE_MS belongs to a sender that died, and is taken
 * over. The claim moves the timer to when it would be stale, so the daily run comes back then.
 * Refused for a notice that is sent, held by a live claim, or not recorded.
 */
export async function claimNotice(
  applicationId: string,
  kind: Notice,
  now: Date,
): Promise<boolean> {
  const key = keys.notice(applicationId, kind);
  return update({
    key,
    set: {
      status: 'SENDING',
      claimedAtMs: now.getTime(),
      ...timerAttributes(new Date(now.getTime() + NOTICE_GRACE_MS), key),
    },
    condition: '#status = :pending OR (#status = :sending AND claimedAtMs <= :stale)',
    names: { '#status': 'status' },
    values: {
      ':pending': 'PENDING',
      ':sending': 'SENDING',
      ':stale': now.getTime() - NOTICE_GRACE_MS,
    },
  });
}

/** Gives up a claim after a failed send, so that a retry of the step may send at once. */
export async function releaseNotice(
  applicationId: string,
  kind: Notice,
  claimedAt: Date,
): Promise<boolean> {
  return update({
    key: keys.notice(applicationId, kind),
    set: { status: 'PENDING' },
    condition: '#status = :sending AND claimedAtMs = :mine',
    names: { '#status': 'status' },
    values: { ':sending': 'SENDING', ':mine': claimedAt.getTime() },
  });
}

/** Records a notice as pending unless it is recorded already (pending or sent). */
export async function recordPendingNotice(
  applicationId: string,
  kind: Notice,
  now: Date,
): Promise<void> {
  await putNew(pendingNotice(applicationId, kind, now) as never);
}

/** Marks a notice sent (creating its marker if it was never pending) and drops any timer. */
export function noticeSentPart(
  applicationId: string,
  kind: Notice | GrantNotice,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.notice(applicationId, kind),
    set: { applicationId, kind, status: 'SENT', sentAt: now.toISOString() },
    remove: TIMER_FIELDS,
  });
}
