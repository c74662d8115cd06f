// Grant and instalment items: the grant is written once with its yearly plan, keyed by the
// application; each instalment then moves through its statuses by conditional updates, so a
// retried step, a second daily run or a double click changes nothing the second time.

import { GRANT_MOVES, INSTALMENT_MOVES, type InstalmentStatus } from '../domain/grant.js';
import type { ProgrammeId } from '../domain/programmes.js';
import {
  TIMER_FIELDS,
  keys,
  programmeIndexAttributes,
  readyAttributes,
  timerAttributes,
  type GrantEndReason,
  type GrantItem,
  type InstalmentItem,
} from './items.js';
import {
  getItem,
  getItems,
  putNewPart,
  queryPartition,
  update,
  updatePart,
  type Key,
  type TransactItem,
} from './table.js';
import { moveCondition } from './moves.js';

/** The moves that carry nothing but the status (the others have their own functions below). */
export type PlainInstalmentMove = Extract<
  InstalmentStatus,
  'AWAITING_CONFIRMATION' | 'HELD' | 'CANCELLED'
>;

export async function getGrant(applicationId: string): Promise<GrantItem | undefined> {
  return getItem<GrantItem>(keys.grant(applicationId));
}

export async function getInstalment(
  applicationId: string,
  year: number,
): Promise<InstalmentItem | undefined> {
  return getItem<InstalmentItem>(keys.instalment(applicationId, year));
}

/** Several grants in one read (at most 100), in the order asked; undefined where there is none. */
export async function getGrants(applicationIds: string[]): Promise<(GrantItem | undefined)[]> {
  return (await getItems(applicationIds.map(keys.grant))) as (GrantItem | undefined)[];
}

/** Several instalments in one read (at most 100), in the order asked. */
export async function getInstalments(
  refs: Pick<InstalmentItem, 'applicationId' | 'year'>[],
): Promise<(InstalmentItem | undefined)[]> {
  return (await getItems(refs.map((ref) => keys.instalment(ref.applicationId, ref.year)))) as (
    | InstalmentItem
    | undefined
  )[];
}

/** Every instalment of a grant, by year. */
export async function listInstalments(applicationId: string): Promise<InstalmentItem[]> {
  return queryPartition<InstalmentItem>(keys.grant(applicationId).pk, keys.instalmentPrefix);
}

/** Creates the grant; refused if the application already has one. */
export function createGrantPart(grant: GrantItem): TransactItem {
  return putNewPart({
    ...grant,
    ...programmeIndexAttributes(
      grant.programme,
      'grant',
      `${grant.startDate}#${grant.applicationId}`,
    ),
  } as GrantItem & Record<string, unknown>);
}

export function createInstalmentPart(instalment: InstalmentItem): TransactItem {
  return putNewPart({
    ...instalment,
    ...programmeIndexAttributes(
      instalment.programme,
      'instalment',
      `${instalment.dueDate}#${instalment.applicationId}#${instalment.year}`,
    ),
  } as InstalmentItem & Record<string, unknown>);
}

/** The instalment's "start" timer has done its work once the year's workflow exists. */
export async function clearStartTimer(instalment: Key & { gsi1sk?: string }): Promise<void> {
  await update({
    key: { pk: instalment.pk, sk: instalment.sk },
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': instalment.gsi1sk },
  });
}

/**
 * Moves an instalment to `to` from any status the domain allows that move from; answers false if
 * it was elsewhere.
 */
export async function moveInstalment(
  applicationId: string,
  year: number,
  to: PlainInstalmentMove,
  now: Date,
): Promise<boolean> {
  return update({
    key: keys.instalment(applicationId, year),
    set: { status: to, updatedAt: now.toISOString() },
    // A cancelled, notified or paid instalment keeps no timer; the others keep theirs.
    ...(to === 'CANCELLED' && { remove: TIMER_FIELDS }),
    ...moveCondition(INSTALMENT_MOVES, to),
  });
}

/**
 * The instalment is ready for finance and bound to the waiting "Await payment" task: it joins its
 * programme's ready partition of the index, due at its due date's Oslo midnight.
 */
export async function makeInstalmentReady(
  instalment: Pick<InstalmentItem, 'applicationId' | 'year'>,
  programme: ProgrammeId,
  taskToken: string,
  dueAt: Date,
  now: Date,
): Promise<boolean> {
  const key = keys.instalment(instalment.applicationId, instalment.year);
  return update({
    key,
    set: {
      status: 'READY',
      taskToken,
      updatedAt: now.toISOString(),
      timerStage: 'ready',
      ...readyAttributes(programme, dueAt, key),
    },
    ...moveCondition(INSTALMENT_MOVES, 'READY'),
  });
}

/** Puts a ready instalment in a finance notification; refused if another took it first. */
export function claimForNotificationPart(
  instalment: Pick<InstalmentItem, 'applicationId' | 'year'>,
  notificationId: string,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.instalment(instalment.applicationId, instalment.year),
    set: { status: 'NOTIFIED', notificationId, updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    ...moveCondition(INSTALMENT_MOVES, 'NOTIFIED', {
      condition: 'attribute_not_exists(notificationId)',
    }),
  });
}

/**
 * Records the payment of a notified instalment. Its timer now means "hand the payment to the
 * year's workflow": the daily run retries that if the request dies before the hand-over.
 */
export function markPaidPart(
  applicationId: string,
  year: number,
  notificationId: string,
  paidOn: string,
  now: Date,
): TransactItem {
  const key = keys.instalment(applicationId, year);
  return updatePart({
    key,
    set: {
      status: 'PAID',
      paidOn,
      updatedAt: now.toISOString(),
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    ...moveCondition(INSTALMENT_MOVES, 'PAID', {
      condition: 'notificationId = :notification',
      values: { ':notification': notificationId },
    }),
  });
}

/** Ends an active grant; refused if it has ended or completed already. */
export function endGrantPart(
  applicationId: string,
  endedOn: string,
  reason: GrantEndReason,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.grant(applicationId),
    set: { status: 'ENDED', endedOn, endReason: reason, updatedAt: now.toISOString() },
    ...moveCondition(GRANT_MOVES, 'ENDED'),
  });
}

export function completeGrantPart(applicationId: string, now: Date): TransactItem {
  return updatePart({
    key: keys.grant(applicationId),
    set: { status: 'COMPLETED', completedAt: now.toISOString(), updatedAt: now.toISOString() },
    ...moveCondition(GRANT_MOVES, 'COMPLETED'),
  });
}

/**
 * Counts one more resume of a year's payment, from the count the caller saw. Conditional, so two
 * resumes at once cannot both start an execution: the second is refused.
 */
export async function claimPaymentResume(
  instalment: Pick<InstalmentItem, 'applicationId' | 'year' | 'executionResumes'>,
  next: number,
  now: Date,
): Promise<boolean> {
  const previous = instalment.executionResumes;
  return update({
    key: keys.instalment(instalment.applicationId, instalment.year),
    set: { executionResumes: next, updatedAt: now.toISOString() },
    condition:
      previous === undefined
        ? 'attribute_not_exists(executionResumes)'
        : 'executionResumes = :seen',
    ...(previous !== undefined && { values: { ':seen': previous } }),
  });
}
