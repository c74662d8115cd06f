// The erasure of a concluded case's personal data: its schedule (one item under the case, with a
// timer in byDue on its day) and the writes that replace the personal data of the case's items.

import type { ProgrammeId } from '../domain/programmes.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from './audit.js';
import {
  TIMER_FIELDS,
  keys,
  timerAttributes,
  type AuditEventItem,
  type RetentionItem,
} from './items.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './document-client.js';
import {
  getItem,
  isConditionFailure,
  queryPartition,
  tableName,
  transact,
  update,
  updatePart,
  type Key,
} from './table.js';

export async function getRetention(applicationId: string): Promise<RetentionItem | undefined> {
  return getItem<RetentionItem>(keys.retention(applicationId));
}

/** Drops a concluding event's timer once it has been looked at, unless another run did. */
function dropEventTimerPart(event: Pick<AuditEventItem, 'pk' | 'sk' | 'gsi1sk'>) {
  return updatePart({
    key: { pk: event.pk, sk: event.sk },
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': event.gsi1sk },
  });
}

export async function dropEventTimer(event: AuditEventItem): Promise<boolean> {
  return (await transact({ event: dropEventTimerPart(event) })).ok;
}

/**
 * Schedules (or moves to a later conclusion) the case's erasure, in one transaction with dropping
 * the event's timer: of two runs that saw the same event, one writes. Answers whether it wrote.
 */
export async function scheduleErasure(
  event: AuditEventItem,
  seen: RetentionItem | undefined,
  schedule: {
    programme: ProgrammeId;
    concludedAt: Date;
    eraseOn: string;
    dueAt: Date;
  },
  now: Date,
): Promise<boolean> {
  const key = keys.retention(event.applicationId);
  const item: RetentionItem = {
    ...key,
    applicationId: event.applicationId,
    programme: schedule.programme,
    concludedAt: schedule.concludedAt.toISOString(),
    eraseOn: schedule.eraseOn,
    status: 'SCHEDULED',
    updatedAt: now.toISOString(),
    timerStage: 'erase',
    ...timerAttributes(schedule.dueAt, key),
  };
  const written = await transact({
    retention: {
      Put: {
        TableName: tableName(),
        Item: item,
        // Over the schedule the caller saw, or none: a run in between makes this one refuse.
        ...(seen
          ? {
              ConditionExpression: 'updatedAt = :seen',
              ExpressionAttributeValues: { ':seen': seen.updatedAt },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    event: dropEventTimerPart(event),
  });
  return written.ok;
}

/** Moves the erasure to a later day (the programme's retention was lengthened since). */
export async function postponeErasure(
  retention: RetentionItem,
  eraseOn: string,
  dueAt: Date,
  now: Date,
): Promise<boolean> {
  return update({
    key: keys.retention(retention.applicationId),
    set: { eraseOn, updatedAt: now.toISOString(), ...timerAttributes(dueAt, retention) },
    condition: 'gsi1sk = :due',
    values: { ':due': retention.gsi1sk },
  });
}

/** The case was found not concluded on the day: no erasure until it concludes again. */
export async function reopenErasure(retention: RetentionItem, now: Date): Promise<boolean> {
  return update({
    key: keys.retention(retention.applicationId),
    set: { status: 'REOPENED', updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': retention.gsi1sk },
  });
}

/** Every item kept under the case (its partition), as stored. */
export async function caseItems(applicationId: string): Promise<(Key & Record<string, unknown>)[]> {
  return queryPartition<Key & Record<string, unknown>>(keys.application(applicationId).pk, '');
}

/**
 * Writes an item back with its personal data replaced. A put of the whole item, since the
 * attributes replaced may lie at any depth; only if it still exists.
 */
export async function writeErasedItem(item: Key & Record<string, unknown>): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    // Gone meanwhile (a TTL): nothing of it is left to erase.
    if (!isConditionFailure(error)) throw error;
  }
}

/** The erasure is done: recorded on the schedule and in the case's history, once. */
export async function markErased(retention: RetentionItem, now: Date): Promise<boolean> {
  const written = await transact({
    retention: updatePart({
      key: keys.retention(retention.applicationId),
      set: { status: 'ERASED', erasedAt: now.toISOString(), updatedAt: now.toISOString() },
      remove: TIMER_FIELDS,
      condition: 'gsi1sk = :due',
      values: { ':due': retention.gsi1sk },
    }),
    audit: auditPut(auditEvent(retention.applicationId, 'personal-data-erased', SYSTEM_ACTOR, now)),
  });
  return written.ok;
}
