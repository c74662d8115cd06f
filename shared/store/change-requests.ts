// Change request items: one per review round that asked for changes; answered by an amendment or
// withdrawn by the daily run when its deadline passes.

import { keys, timerAttributes, type ChangeRequestItem } from './items.js';
import {
  conditionPart,
  getItem,
  putNew,
  putNewPart,
  update,
  updatePart,
  type TransactItem,
} from './table.js';

export async function getChangeRequest(
  applicationId: string,
  round: number,
): Promise<ChangeRequestItem | undefined> {
  return getItem<ChangeRequestItem>(keys.changeRequest(applicationId, round));
}

/** Records a request unless one exists for its round; answers whether it wrote. */
export async function createChangeRequest(request: ChangeRequestItem): Promise<boolean> {
  return putNew(request as ChangeRequestItem & Record<string, unknown>);
}

/** Records a request, refused if one exists for its round (in a transaction with its conditions). */
export function createChangeRequestPart(request: ChangeRequestItem): TransactItem {
  return putNewPart(request as ChangeRequestItem & Record<string, unknown>);
}

/** Refuses its transaction if a request exists for the round (a withdrawal before its request). */
export function noChangeRequestPart(applicationId: string, round: number): TransactItem {
  return conditionPart({
    key: keys.changeRequest(applicationId, round),
    condition: 'attribute_not_exists(pk)',
  });
}

export async function markChangeRequestNotified(
  applicationId: string,
  round: number,
  now: Date,
): Promise<void> {
  await update({
    key: keys.changeRequest(applicationId, round),
    set: { notifiedAt: now.toISOString() },
  });
}

/**
 * Closes an open request with its outcome; its timer then means "hand the outcome to the workflow",
 * which the daily run retries if the hand-over right after fails.
 */
export function closeChangeRequestPart(
  applicationId: string,
  round: number,
  outcome: 'amended' | 'withdrawn',
  now: Date,
): TransactItem {
  const key = keys.changeRequest(applicationId, round);
  return updatePart({
    key,
    set: {
      status: outcome === 'amended' ? 'AMENDED' : 'WITHDRAWN',
      outcome,
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}
