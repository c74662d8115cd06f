// Items a workflow task waits on (review rounds, change requests, ...): each holds the task token
// of the attempt now waiting, and `resumedAt` once its answer has been handed over.

import { TIMER_FIELDS } from './items.js';
import { getItem, update, type Key } from './table.js';

export interface WaitingTaskFields {
  /** Step Functions task token of the waiting attempt. Never leaves the server. */
  taskToken: string;
  resumedAt?: string;
}

export async function readWaitingTask<T extends WaitingTaskFields>(key: Key) {
  return getItem<T>(key);
}

/** Moves the item to a new attempt's token, only if it still holds the earlier one. */
export async function moveTaskToken(key: Key, earlier: string, next: string): Promise<boolean> {
  return update({
    key,
    set: { taskToken: next },
    remove: ['resumedAt'],
    condition: 'taskToken = :earlier',
    values: { ':earlier': earlier },
  });
}

/**
 * Records that the answer went to `taskToken` and drops the item's timer. Only if the item still
 * holds that token: a take-over in between moved it to an attempt that has not had its answer, and
 * its timer must stay for the daily run.
 */
export async function markTaskResumed(key: Key, taskToken: string, now: Date): Promise<boolean> {
  return update({
    key,
    set: { resumedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    condition: 'taskToken = :resumed',
    values: { ':resumed': taskToken },
  });
}
