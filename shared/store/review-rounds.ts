// Review round items: opened by the "Request review" task, decided once by a reviewer, advanced
// through their reminder stages by the daily run. Taking over and handing over their task token is
// in waiting-tasks.ts, shared with the other items a workflow task waits on.

import type { ReviewTimerStage } from '../domain/review.js';
import type { ProgrammeId } from '../domain/programmes.js';
import { keys, programmeIndexAttributes, timerAttributes, type ReviewRoundItem } from './items.js';
import {
  appendToList,
  getItem,
  putNewPart,
  update,
  updatePart,
  type TransactItem,
} from './table.js';

export async function getReviewRound(
  applicationId: string,
  round: number,
): Promise<ReviewRoundItem | undefined> {
  return getItem<ReviewRoundItem>(keys.reviewRound(applicationId, round));
}

/** Opens a round; refused if a concurrent attempt opened it first. */
export function openReviewRoundPart(round: ReviewRoundItem, programme: ProgrammeId): TransactItem {
  return putNewPart({
    ...round,
    ...programmeIndexAttributes(
      programme,
      'reviewRound',
      `${round.requestedAt}#${round.applicationId}#${round.round}`,
    ),
  } as ReviewRoundItem & Record<string, unknown>);
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

/**
 * Closes an open round because the municipality withdrew the application: the reviewers' links
 * then answer 410. Its timer, as a decision's, means "hand the withdrawal to the workflow".
 */
export function withdrawReviewRoundPart(
  applicationId: string,
  round: number,
  now: Date,
): TransactItem {
  const key = keys.reviewRound(applicationId, round);
  return updatePart({
    key,
    set: {
      status: 'WITHDRAWN',
      withdrawnAt: now.toISOString(),
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** Records that these reviewers' e-mails for the current window have gone out. */
export async function markReviewersNotified(
  applicationId: string,
  round: number,
  reviewers: string[],
): Promise<void> {
  await appendToList(keys.reviewRound(applicationId, round), 'notified', reviewers);
}

/**
 * Begins the mailing of a due timer stage of an open round: opens the stage's window (a new window
 * starts with nobody mailed) and records the stage as being mailed, but leaves the timer due, so a
 * crash before the mailing is done leaves it for the next run, which mails whoever is not yet in
 * `notified`. Conditional on the stage and due time the daily run saw, and on no mailing begun.
 */
export function beginTimerStagePart(
  round: Pick<ReviewRoundItem, 'pk' | 'sk' | 'gsi1sk'>,
  begin: {
    stage: ReviewTimerStage;
    /** The timer once the mailing is done, reckoned from the window before this stage. */
    next: { stage: ReviewTimerStage; dueAt: Date };
    windowStart: Date;
    windowEnd: Date;
    /** A new window starts with nobody mailed. */
    resetNotified: boolean;
  },
): TransactItem {
  return updatePart({
    key: { pk: round.pk, sk: round.sk },
    set: {
      mailingStage: begin.stage,
      mailingNext: { stage: begin.next.stage, dueAt: begin.next.dueAt.toISOString() },
      windowStart: begin.windowStart.toISOString(),
      windowEnd: begin.windowEnd.toISOString(),
      ...(begin.resetNotified && { notified: [] }),
    },
    condition:
      'timerStage = :stage AND gsi1sk = :due AND #status = :open AND attribute_not_exists(mailingStage)',
    names: { '#status': 'status' },
    values: { ':stage': begin.stage, ':due': round.gsi1sk, ':open': 'OPEN' },
  });
}

/**
 * Once a stage's mailing is done, moves the round's timer to the next stage. Conditional on the
 * stage and due time still being the ones mailed for (a decision in between has its own timer).
 */
export async function finishTimerStage(
  round: Pick<ReviewRoundItem, 'pk' | 'sk' | 'gsi1sk' | 'mailingNext'>,
  stage: ReviewTimerStage,
): Promise<boolean> {
  const key = { pk: round.pk, sk: round.sk };
  const next = round.mailingNext;
  if (!next) return false;
  return update({
    key,
    set: { timerStage: next.stage, ...timerAttributes(new Date(next.dueAt), key) },
    remove: ['mailingStage', 'mailingNext'],
    condition: 'timerStage = :stage AND gsi1sk = :due AND mailingStage = :stage',
    values: { ':stage': stage, ':due': round.gsi1sk },
  });
}

/**
 * The lead's change of an open round's decision links (a resend, or a reviewer replaced): the
 * reviewers, whose links still work from which revision, and who is mailed in this window.
 * Conditional on the round being open and its links as they were read, so of two changes at
 * once one is refused.
 */
export function reviseReviewLinksPart(
  round: Pick<ReviewRoundItem, 'applicationId' | 'round' | 'linkRevision'>,
  next: Required<
    Pick<ReviewRoundItem, 'reviewers' | 'linksValidFrom' | 'notified' | 'linkRevision'>
  > &
    Pick<ReviewRoundItem, 'linksResentAt'>,
): TransactItem {
  const seen = round.linkRevision ?? 0;
  return updatePart({
    key: keys.reviewRound(round.applicationId, round.round),
    set: next,
    condition:
      seen === 0
        ? '#status = :open AND attribute_not_exists(linkRevision)'
        : '#status = :open AND linkRevision = :seen',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN', ...(seen !== 0 && { ':seen': seen }) },
  });
}
