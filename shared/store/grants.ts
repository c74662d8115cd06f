// Grant, position and instalment items: the grant is written once with its positions and the
// started positions' yearly plans, keyed by the application; a new position's plan is written when
// its start is reported. Each then moves through its statuses by conditional updates built from
// the domain's move tables, so a retried step, a second daily run or a double click changes
// nothing the second time, and no move the domain forbids can be written.

import {
  GRANT_MOVES,
  INSTALMENT_MOVES,
  POSITION_MOVES,
  type GrantEndReason,
  type InstalmentStatus,
  type PositionStatus,
  type StartReport,
} from '../domain/grant.js';
import type { ProgrammeId } from '../domain/programmes.js';
import {
  TIMER_FIELDS,
  keys,
  programmeIndexAttributes,
  readyAttributes,
  timerAttributes,
  type GrantItem,
  type InstalmentItem,
  type PositionItem,
  type PositionYear,
  withPosition,
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

export async function getInstalment(ref: PositionYear): Promise<InstalmentItem | undefined> {
  const item = await getItem<InstalmentItem>(keys.instalment(ref));
  return item && withPosition(item);
}

/** A grant's position items, by position; none for a grant written before positions had plans. */
export async function listPositionItems(applicationId: string): Promise<PositionItem[]> {
  return queryPartition<PositionItem>(keys.grant(applicationId).pk, keys.positionPrefix);
}

export async function getPositionItem(
  applicationId: string,
  position: number,
): Promise<PositionItem | undefined> {
  return getItem<PositionItem>(keys.position(applicationId, position));
}

/** Several grants in one read (at most 100), in the order asked; undefined where there is none. */
export async function getGrants(applicationIds: string[]): Promise<(GrantItem | undefined)[]> {
  return (await getItems(applicationIds.map(keys.grant))) as (GrantItem | undefined)[];
}

/** Several instalments in one read (at most 100), in the order asked. */
export async function getInstalments(
  refs: PositionYear[],
): Promise<(InstalmentItem | undefined)[]> {
  const items = (await getItems(refs.map(keys.instalment))) as (InstalmentItem | undefined)[];
  return items.map((item) => item && withPosition(item));
}

/** Every instalment of a grant, of every position. */
export async function listInstalments(applicationId: string): Promise<InstalmentItem[]> {
  const items = await queryPartition<InstalmentItem>(
    keys.grant(applicationId).pk,
    keys.instalmentPrefix,
  );
  return items.map(withPosition);
}

/** A position as the approval creates it; refused if it exists. */
export function createPositionPart(position: PositionItem, sortValue: string): TransactItem {
  return putNewPart({
    ...position,
    ...programmeIndexAttributes(
      position.programme,
      'position',
      `${sortValue}#${position.applicationId}#${position.position}`,
    ),
  } as PositionItem & Record<string, unknown>);
}

/**
 * A new position's doctor has started: the position becomes ACTIVE with its start date; refused
 * unless it awaits its start. Its lapse timer goes.
 */
export function startPositionPart(
  applicationId: string,
  position: number,
  report: StartReport & { years: number },
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.position(applicationId, position),
    set: {
      status: 'ACTIVE',
      startDate: report.startDate,
      employmentModel: report.employmentModel,
      startedAs: report.employmentModel,
      listSize: report.listSize,
      years: report.years,
      startedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    },
    remove: TIMER_FIELDS,
    ...moveCondition(POSITION_MOVES, 'ACTIVE'),
  });
}

/** Keeps the latest employment model and list size a confirmation reported. */
export function reportPositionPart(
  applicationId: string,
  position: number,
  facts: { employmentModel: string; listSize: number },
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.position(applicationId, position),
    // Named one by one: the answer a caller passes also holds its own `status` ('continuing').
    set: {
      employmentModel: facts.employmentModel,
      listSize: facts.listSize,
      updatedAt: now.toISOString(),
    },
    condition: '#status = :active',
    names: { '#status': 'status' },
    values: { ':active': 'ACTIVE' },
  });
}

/**
 * A position ends early; refused unless it runs (or, declined, waits for its doctor). With `from`,
 * only from the status the caller read: a start reported meanwhile brings a plan the caller did
 * not see. A waiting position's lapse timer goes.
 */
export function endPositionPart(
  applicationId: string,
  position: number,
  endedOn: string,
  reason: GrantEndReason,
  now: Date,
  from?: PositionStatus,
): TransactItem {
  return updatePart({
    key: keys.position(applicationId, position),
    set: { status: 'ENDED', endedOn, endReason: reason, updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    ...moveCondition(
      POSITION_MOVES,
      'ENDED',
      from && { condition: '#status = :seen', values: { ':seen': from } },
    ),
  });
}

/**
 * Cancels an instalment from the status the caller read, so that one sent to finance meanwhile
 * refuses the transaction. One bound to its "Await payment" task keeps a "resume" timer: the
 * daily run hands the cancellation to that task should the caller not manage to.
 */
export function cancelInstalmentPart(
  instalment: Pick<InstalmentItem, 'pk' | 'sk' | 'status' | 'taskToken' | 'resumedAt'>,
  now: Date,
): TransactItem {
  const key = { pk: instalment.pk, sk: instalment.sk };
  const waiting = instalment.taskToken !== undefined && instalment.resumedAt === undefined;
  return updatePart({
    key,
    set: {
      status: 'CANCELLED',
      updatedAt: now.toISOString(),
      ...(waiting && { timerStage: 'resume', ...timerAttributes(now, key) }),
    },
    ...(!waiting && { remove: TIMER_FIELDS }),
    ...moveCondition(INSTALMENT_MOVES, 'CANCELLED', {
      condition: '#status = :seen',
      values: { ':seen': instalment.status },
    }),
  });
}

/** A position's last year is paid. */
export function completePositionPart(
  applicationId: string,
  position: number,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.position(applicationId, position),
    set: { status: 'COMPLETED', updatedAt: now.toISOString() },
    ...moveCondition(POSITION_MOVES, 'COMPLETED'),
  });
}

/** A new position never reported its start: it lapses, at the timer the daily run saw. */
export function lapsePositionPart(
  position: Pick<PositionItem, 'applicationId' | 'position' | 'gsi1sk'>,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.position(position.applicationId, position.position),
    set: { status: 'LAPSED', updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    ...moveCondition(POSITION_MOVES, 'LAPSED', {
      condition: 'gsi1sk = :due',
      values: { ':due': position.gsi1sk },
    }),
  });
}

/** The lapse reminder has gone: the timer moves on to the lapse itself. */
export function positionReminderSentPart(
  position: Pick<PositionItem, 'pk' | 'sk' | 'gsi1sk'>,
  lapsesAt: Date,
): TransactItem {
  return updatePart({
    key: { pk: position.pk, sk: position.sk },
    set: { timerStage: 'lapse', ...timerAttributes(lapsesAt, position) },
    condition: '#status = :waiting AND gsi1sk = :due',
    names: { '#status': 'status' },
    values: { ':waiting': 'AWAITING_START', ':due': position.gsi1sk },
  });
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
      `${instalment.dueDate}#${instalment.applicationId}#${instalment.position}#${instalment.year}`,
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
  ref: PositionYear,
  to: PlainInstalmentMove,
  now: Date,
): Promise<boolean> {
  return update({
    key: keys.instalment(ref),
    set: { status: to, updatedAt: now.toISOString() },
    // A cancelled, notified or paid instalment keeps no timer; the others keep theirs.
    ...(to === 'CANCELLED' && { remove: TIMER_FIELDS }),
    ...moveCondition(INSTALMENT_MOVES, to),
  });
}

/**
 * Cancels a ready instalment bound to its waiting "Await payment" task (the lead ended the position
 * before finance was told of it). Like a payment, it leaves a "resume" timer, so the daily run
 * hands the cancellation to the task if the caller cannot.
 */
export async function cancelWaitingInstalment(
  ref: PositionYear,
  taskToken: string,
  now: Date,
): Promise<boolean> {
  const key = keys.instalment(ref);
  return update({
    key,
    set: {
      status: 'CANCELLED',
      updatedAt: now.toISOString(),
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    ...moveCondition(INSTALMENT_MOVES, 'CANCELLED', {
      condition: 'taskToken = :token',
      values: { ':token': taskToken },
    }),
  });
}

/**
 * The instalment is ready for finance and bound to the waiting "Await payment" task: it joins its
 * programme's ready partition of the index, due at its due date's Oslo midnight.
 */
export async function makeInstalmentReady(
  instalment: PositionYear,
  programme: ProgrammeId,
  taskToken: string,
  dueAt: Date,
  now: Date,
  /** Held back by the lead as read: ready, but out of the ready partition until released. */
  heldByLead = false,
): Promise<boolean> {
  const key = keys.instalment(instalment);
  return update({
    key,
    set: {
      status: 'READY',
      taskToken,
      updatedAt: now.toISOString(),
      ...(!heldByLead && { timerStage: 'ready', ...readyAttributes(programme, dueAt, key) }),
    },
    ...moveCondition(INSTALMENT_MOVES, 'READY', {
      condition: heldByLead ? 'attribute_exists(heldByLead)' : 'attribute_not_exists(heldByLead)',
    }),
  });
}

/** The statuses an instalment may be held back or released in: finance has not been told. */
const HOLDABLE = ['SCHEDULED', 'AWAITING_CONFIRMATION', 'HELD', 'READY'] as const;

/**
 * The lead holds back a position-year's payment: a ready instalment leaves the ready partition, so
 * no finance notification lists it; one not yet ready stays out of it when it becomes ready.
 * Conditional on the status as read, not held, and not in a notification.
 */
export function holdByLeadPart(
  instalment: Pick<InstalmentItem, 'applicationId' | 'position' | 'year' | 'status' | 'leadHolds'>,
  by: string,
  now: Date,
): TransactItem {
  const ready = instalment.status === 'READY';
  return updatePart({
    key: keys.instalment(instalment),
    set: {
      heldByLead: { by, at: now.toISOString() },
      leadHolds: (instalment.leadHolds ?? 0) + 1,
      updatedAt: now.toISOString(),
    },
    ...(ready && { remove: TIMER_FIELDS }),
    condition:
      '#status = :seen AND attribute_not_exists(heldByLead) AND attribute_not_exists(notificationId)',
    names: { '#status': 'status' },
    values: { ':seen': holdable(instalment.status) },
  });
}

/** Releases a held instalment; a ready one joins the ready partition again, due on its due date. */
export function releaseByLeadPart(
  instalment: Pick<InstalmentItem, 'applicationId' | 'position' | 'year' | 'status'>,
  programme: ProgrammeId,
  dueAt: Date,
  now: Date,
): TransactItem {
  const key = keys.instalment(instalment);
  return updatePart({
    key,
    set: {
      updatedAt: now.toISOString(),
      ...(instalment.status === 'READY' && {
        timerStage: 'ready',
        ...readyAttributes(programme, dueAt, key),
      }),
    },
    remove: ['heldByLead'],
    condition: '#status = :seen AND attribute_exists(heldByLead)',
    names: { '#status': 'status' },
    values: { ':seen': holdable(instalment.status) },
  });
}

function holdable(status: InstalmentStatus): InstalmentStatus {
  if (!(HOLDABLE as readonly string[]).includes(status)) {
    throw new Error(`An instalment ${status} cannot be held or released`);
  }
  return status;
}

/** The grant's contact address, which its e-mails go to, when the lead changes the contact. */
export function changeGrantContactPart(
  applicationId: string,
  contactEmail: string,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.grant(applicationId),
    set: { contactEmail, updatedAt: now.toISOString() },
    condition: 'attribute_exists(pk)',
  });
}

/** Puts a ready instalment in a finance notification; refused if another took it first. */
export function claimForNotificationPart(
  instalment: PositionYear,
  notificationId: string,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.instalment(instalment),
    set: { status: 'NOTIFIED', notificationId, updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    ...moveCondition(INSTALMENT_MOVES, 'NOTIFIED', {
      // One the lead held back has left the ready partition; this keeps it out all the same.
      condition: 'attribute_not_exists(notificationId) AND attribute_not_exists(heldByLead)',
    }),
  });
}

/**
 * Records the payment of a notified instalment. Its timer now means "hand the payment to the
 * year's workflow": the daily run retries that if the request dies before the hand-over.
 */
export function markPaidPart(
  instalment: PositionYear,
  notificationId: string,
  paidOn: string,
  now: Date,
): TransactItem {
  const key = keys.instalment(instalment);
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
  instalment: PositionYear & Pick<InstalmentItem, 'executionResumes'>,
  next: number,
  now: Date,
): Promise<boolean> {
  const previous = instalment.executionResumes;
  return update({
    key: keys.instalment(instalment),
    set: { executionResumes: next, updatedAt: now.toISOString() },
    condition:
      previous === undefined
        ? 'attribute_not_exists(executionResumes)'
        : 'executionResumes = :seen',
    ...(previous !== undefined && { values: { ':seen': previous } }),
  });
}
