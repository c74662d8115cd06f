// The daily run's work on reviews: everything due up to now, found through the byDue index
// (never a scan). Because it takes all that is due, a missed day is caught up the next.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PROGRAMMES } from '../domain/programmes.js';
import { osloDaysBetween } from '../domain/calendar.js';
import { nextReviewTimer, reviewWindowEnd } from '../domain/review.js';
import { documentClient } from '../adapters/dynamodb.js';
import { startReview } from '../adapters/workflow.js';
import { sendMail } from '../adapters/mail.js';
import { escalationMessage } from '../mail/to-lead.js';
import { reviewLinksRenewedMessage, reviewReminderMessage } from '../mail/to-reviewers.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import {
  DUE_INDEX,
  TIMER_FIELDS,
  TIMER_PARTITION,
  timerAttributes,
  type ApplicationItem,
  type ChangeRequestItem,
  type ReviewRoundItem,
} from '../store/items.js';
import { getItem, tableName, transact, update, updateParams } from '../store/table.js';
import { handOverChangeOutcome, withdrawUnanswered } from './changes.js';
import { handOver, loadApplication, mailReviewers } from './reviews.js';

export interface TimerOutcome {
  item: string;
  action: string;
  /** The error's name, when the item's work failed. */
  error?: string;
}

/** Works through every due item; one that fails is reported and does not stop the others. */
export async function runDueTimers(now = new Date()): Promise<TimerOutcome[]> {
  const outcomes: TimerOutcome[] = [];
  for (const item of await dueItems(now)) {
    const name = `${item.pk}/${item.sk}`;
    try {
      const action = item.sk.startsWith('REVIEW#')
        ? await onReviewTimer(item as ReviewRoundItem, now)
        : item.sk.startsWith('CHANGES#')
          ? await onChangeRequestTimer(item as ChangeRequestItem, now)
          : await onApplicationTimer(item as ApplicationItem);
      outcomes.push({ item: name, action });
    } catch (error) {
      outcomes.push({
        item: name,
        action: 'failed',
        error: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return outcomes;
}

type DueItem = ReviewRoundItem | ChangeRequestItem | ApplicationItem;

async function dueItems(now: Date): Promise<DueItem[]> {
  const items: DueItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: DUE_INDEX,
        KeyConditionExpression: 'gsi1pk = :timer AND gsi1sk < :after',
        // Sort keys are "<ISO instant>#..."; "~" sorts after "#", so this takes all due at or before now.
        ExpressionAttributeValues: { ':timer': TIMER_PARTITION, ':after': `${now.toISOString()}~` },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as DueItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function onReviewTimer(indexed: ReviewRoundItem, now: Date): Promise<string> {
  // The index is eventually consistent; act on the item as it is now.
  const round = await getItem<ReviewRoundItem>({ pk: indexed.pk, sk: indexed.sk });
  if (!round?.timerStage || round.gsi1sk !== indexed.gsi1sk) return 'skipped';
  if (round.timerStage === 'resume') {
    await handOver(round.applicationId, round.round);
    return 'handed-over';
  }
  if (round.status !== 'OPEN') return 'skipped';

  const app = await loadApplication(round.applicationId);
  const programme = PROGRAMMES[app.programme];
  const stage = round.timerStage;
  const renewing = stage === 'renewal';
  const windowStart = renewing ? now : new Date(round.windowStart);
  const windowEnd = renewing ? reviewWindowEnd(now, programme) : new Date(round.windowEnd);
  const next = nextReviewTimer(
    stage,
    new Date(round.windowStart),
    new Date(round.windowEnd),
    programme,
  );
  const key = { pk: round.pk, sk: round.sk };
  // Claim the stage first, so that a second run the same day (or a retry) does not mail again.
  const claimed = await transact([
    {
      Update: updateParams({
        key,
        set: {
          timerStage: next.stage,
          windowStart: windowStart.toISOString(),
          windowEnd: windowEnd.toISOString(),
          ...timerAttributes(next.dueAt, key),
          ...(stage !== 'escalation' && { notified: [] }),
        },
        condition: 'timerStage = :stage AND gsi1sk = :due AND #status = :open',
        names: { '#status': 'status' },
        values: { ':stage': stage, ':due': round.gsi1sk, ':open': 'OPEN' },
      }),
    },
    auditPut(
      auditEvent(
        round.applicationId,
        stage === 'reminder'
          ? 'review-reminder-sent'
          : stage === 'escalation'
            ? 'review-escalated'
            : 'review-links-renewed',
        SYSTEM_ACTOR,
        now,
      ),
    ),
  ]);
  if (!claimed.ok) return 'skipped';

  const daysWaiting = osloDaysBetween(new Date(round.requestedAt), now);
  if (stage === 'escalation') {
    await sendMail(
      [programme.people.lead],
      escalationMessage({
        applicationId: app.applicationId,
        programme,
        municipalityName: app.application.municipality.name,
        daysWaiting,
        pendingReviewers: round.reviewers,
      }),
    );
    return 'escalated';
  }
  // Reminders and renewals carry a fresh link each; earlier links of the window stay valid.
  const updated: ReviewRoundItem = {
    ...round,
    notified: [],
    windowStart: windowStart.toISOString(),
    windowEnd: windowEnd.toISOString(),
  };
  await mailReviewers(
    app,
    updated,
    round.reviewers,
    now,
    renewing ? reviewLinksRenewedMessage : reviewReminderMessage,
  );
  return renewing ? 'links-renewed' : 'reminded';
}

async function onChangeRequestTimer(indexed: ChangeRequestItem, now: Date): Promise<string> {
  const request = await getItem<ChangeRequestItem>({ pk: indexed.pk, sk: indexed.sk });
  if (!request?.timerStage || request.gsi1sk !== indexed.gsi1sk) return 'skipped';
  if (request.timerStage === 'resume') {
    await handOverChangeOutcome(request.applicationId, request.round);
    return 'handed-over';
  }
  if (request.status !== 'OPEN') return 'skipped';
  await withdrawUnanswered(request, now);
  return 'withdrawn';
}

/**
 * An application whose workflow was not started with it (the start failed after the write, and no
 * retry finished it). Starting is idempotent by execution name; the first review round clears the
 * timer, and so does this once the execution exists.
 */
async function onApplicationTimer(indexed: ApplicationItem): Promise<string> {
  const app = await getItem<ApplicationItem>({ pk: indexed.pk, sk: indexed.sk });
  if (app?.timerStage !== 'start' || app.gsi1sk !== indexed.gsi1sk) return 'skipped';
  await startReview({ applicationId: app.applicationId, programme: app.programme });
  await update({
    key: { pk: app.pk, sk: app.sk },
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': app.gsi1sk },
  });
  return 'review-started';
}
