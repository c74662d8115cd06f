// Review round items: opened by the "Request review" task, decided once by a reviewer, advanced
// through their reminder stages by the daily run. Taking over and handing over their task token is
// in waiting-tasks.ts, shared with the other items a workflow task waits on.

import type { ReviewTimerStage } from '../domain/review.js';
import { keys, timerAttributes, type ReviewRoundItem } from './items.js';
import { appendToList, getItem, putNewPart, updatePart, type TransactItem } from './table.js';

export async function getReviewRound(
  applicationId: string,
  round: number,
): Promise<ReviewRoundItem | undefined> {
  return getItem<ReviewRoundItem>(keys.reviewRound(applicationId, round));
}

/** Opens a round; refused if a concurrent attempt opened it first. */
export function openReviewRoundPart(round: ReviewRoundItem): TransactItem {
  return putNewPart(round as ReviewRoundItem & Record<string, unknown>);
}

/**
 * Closes an open round with its decision. Its timer now means "hand the decision to the workflow":
 * the daily run retries that if the request dies between the commit and the hand-over.
 */
export function decideReviewRoundPart(
  applicationId: string,
  round: number,
  decision: NonNullable<ReviewRoundItem['decision']>,
  now: Date,
): TransactItem {
  const key = keys.reviewRound(applicationId, round);
  return updatePart({
    key,
    set: { status: 'DECIDED', decision, timerStage: 'resume', ...timerAttributes(now, key) },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** Records that a reviewer's e-mail for the current window has gone out. */
export async function markReviewerNotified(
  applicationId: string,
  round: number,
  reviewer: string,
): Promise<void> {
  await appendToList(keys.reviewRound(applicationId, round), 'notified', [reviewer]);
}

/**
 * Claims a due timer stage of an open round and moves it to the next, with the window it opens.
 * Conditional on the stage and due time the daily run saw, so a second run does not claim it again.
 */
export function claimTimerStagePart(
  round: Pick<ReviewRoundItem, 'pk' | 'sk' | 'gsi1sk'>,
  claim: {
    stage: ReviewTimerStage;
    next: { stage: ReviewTimerStage; dueAt: Date };
    windowStart: Date;
    windowEnd: Date;
    /** A new window starts with nobody mailed. */
    resetNotified: boolean;
  },
): TransactItem {
  const key = { pk: round.pk, sk: round.sk };
  return updatePart({
    key,
    set: {
      timerStage: claim.next.stage,
      windowStart: claim.windowStart.toISOString(),
      windowEnd: claim.windowEnd.toISOString(),
      ...timerAttributes(claim.next.dueAt, key),
      ...(claim.resetNotified && { notified: [] }),
    },
    condition: 'timerStage = :stage AND gsi1sk = :due AND #status = :open',
    names: { '#status': 'status' },
    values: { ':stage': claim.stage, ':due': round.gsi1sk, ':open': 'OPEN' },
  });
}
