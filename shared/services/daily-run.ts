// The daily run: everything due up to now, found through the byDue index (never a scan). Because
// it takes all that is due, a missed day is caught up the next. Each kind of timed item has one
// handler in TIMER_HANDLERS, so a new kind of timer is one entry there.

import { PROGRAMME_IDS, PROGRAMMES } from '../domain/programmes.js';
import { osloDaysBetween } from '../domain/calendar.js';
import { nextReviewTimer, reviewWindowEnd, type ReviewTimerStage } from '../domain/review.js';
import { errorName, logger } from '../adapters/logger.js';
import {
  isAlive,
  reviewExecutionName,
  reviewExecutionStatus,
  startReview,
} from '../adapters/workflow.js';
import { staffWithRole } from './staff-register.js';
import { escalationMessage } from '../mail/to-lead.js';
import { reviewLinksRenewedMessage, reviewReminderMessage } from '../mail/to-reviewers.js';
import { clearStartTimer } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import { dueItemPages, readIfStillDue, type DueItem } from '../store/due-timers.js';
import {
  itemKind,
  type ApplicationItem,
  type ChangeRequestItem,
  type ItemKind,
  type ReviewRoundItem,
} from '../store/items.js';
import { beginTimerStagePart, finishTimerStage, getReviewRound } from '../store/review-rounds.js';
import { transact } from '../store/table.js';
import { handOverChangeOutcome, withdrawUnanswered } from './changes.js';
import { onContactVerificationTimer } from './contacts.js';
import { onDraftTimer } from './drafts.js';
import { sendPendingNotice } from './notices.js';
import { onConfirmationTimer } from './confirmations.js';
import { notifyFinance, onFinanceNotificationTimer } from './finance.js';
import { onInstalmentTimer } from './payments.js';
import { onPositionTimer } from './positions.js';
import { onStoppedWorkflowTimer, resumeReview, ResumeConflictError } from './resume.js';
import { onConcludingEventTimer, onRetentionTimer } from './retention.js';
import { handOver, loadApplication, mailReviewers } from './reviews.js';
import { deliverMail } from './mailing.js';

export interface TimerOutcome {
  item: string;
  action: string;
  /** The error's name, when the item's work failed. */
  error?: string;
}

/**
 * What to do with a due item of one kind, given the item as it is now (its timer still the one the
 * index showed); answers the action taken, for the run's report.
 */
// biome-ignore lint/suspicious/noExplicitAny: each entry takes the item type of its own kind
type TimerHandler = (item: any, now: Date) => Promise<string>;

const TIMER_HANDLERS: Partial<Record<ItemKind, TimerHandler>> = {
  application: onApplicationTimer,
  'review-round': onReviewTimer,
  'change-request': onChangeRequestTimer,
  notice: sendPendingNotice,
  instalment: onInstalmentTimer,
  position: onPositionTimer,
  confirmation: onConfirmationTimer,
  'finance-notification': onFinanceNotificationTimer,
  'stopped-workflow': onStoppedWorkflowTimer,
  'contact-verification': onContactVerificationTimer,
  draft: onDraftTimer,
  'audit-event': onConcludingEventTimer,
  retention: onRetentionTimer,
};

/** The whole daily run: every due timer, then each programme's finance notification. */
export async function runDaily(now = new Date()): Promise<TimerOutcome[]> {
  return [...(await runDueTimers(now)), ...(await runFinanceNotifications(now))];
}

/**
 * Due items worked on at once. Each waits mostly on DynamoDB, SES or Step Functions, so a few at a
 * time keep a run's length near (due items ÷ this) × one item's time; each item's own conditions
 * keep two of them from doing the same work.
 */
const DUE_ITEMS_AT_ONCE = 8;

/**
 * Works through every due item, a page of the index at a time; one that fails is reported and
 * does not stop the others.
 */
export async function runDueTimers(now = new Date()): Promise<TimerOutcome[]> {
  const outcomes: TimerOutcome[] = [];
  for await (const page of dueItemPages(now)) {
    const queue = [...page];
    const worker = async () => {
      for (let indexed = queue.shift(); indexed; indexed = queue.shift()) {
        const item = `${indexed.pk}/${indexed.sk}`;
        try {
          outcomes.push({ item, action: await runTimer(indexed, now) });
        } catch (error) {
          outcomes.push({ item, action: 'failed', error: errorName(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DUE_ITEMS_AT_ONCE, queue.length) }, worker));
  }
  return outcomes;
}

/**
 * Puts each programme's ready instalments due by now into its one finance notification. The
 * programmes share nothing here (each has its own notifications, numbers and instalments), so they
 * are worked on side by side: an idle day waits for one programme's reads, not for each in turn.
 */
export async function runFinanceNotifications(now = new Date()): Promise<TimerOutcome[]> {
  return Promise.all(
    PROGRAMME_IDS.map(async (programme): Promise<TimerOutcome> => {
      const item = `FINANCE#${programme}`;
      try {
        const sent = await notifyFinance(programme, now);
        return { item, action: sent.instalments > 0 ? 'finance-notified' : 'nothing-due' };
      } catch (error) {
        return { item, action: 'failed', error: errorName(error) };
      }
    }),
  );
}

async function runTimer(indexed: DueItem, now: Date): Promise<string> {
  const kind = itemKind(indexed);
  const handler = kind && TIMER_HANDLERS[kind];
  if (!handler) throw new UnknownTimerError(`No timer handler for items of kind ${kind}`);
  // The index is eventually consistent, and another run or a request may have moved the timer.
  const current = await readIfStillDue(indexed);
  if (!current) return 'skipped';
  return handler(current, now);
}

class UnknownTimerError extends Error {
  override name = 'UnknownTimerError';
}

async function onReviewTimer(round: ReviewRoundItem, now: Date): Promise<string> {
  if (round.timerStage === 'resume') {
    // The daily run may look at the execution: a decision its workflow can no longer take is
    // still told to the municipality and the lead.
    await handOver(round.applicationId, round.round, 'check-execution', now);
    return 'handed-over';
  }
  if (round.status !== 'OPEN' || !round.timerStage) return 'skipped';

  const app = await loadApplication(round.applicationId);
  const programme = PROGRAMMES[app.programme];
  const stage: ReviewTimerStage = round.timerStage;
  const renewing = stage === 'renewal';
  const windowStart = renewing ? now : new Date(round.windowStart);
  const windowEnd = renewing ? reviewWindowEnd(now, programme) : new Date(round.windowEnd);
  const next = nextReviewTimer(
    stage,
    new Date(round.windowStart),
    new Date(round.windowEnd),
    programme,
  );
  // Begin the stage's mailing without moving its timer: a crash before the mailing is done leaves
  // the stage due, and the next run mails whoever the round's `notified` list lacks. A second run
  // meeting a mailing begun by another carries on with it the same way.
  if (round.mailingStage !== stage) {
    const begun = await transact({
      round: beginTimerStagePart(round, {
        stage,
        next,
        windowStart,
        windowEnd,
        resetNotified: stage !== 'escalation',
      }),
      audit: auditPut(
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
    });
    if (!begun.ok) return 'skipped';
  }
  // The round as begun: its window and who has been mailed in it.
  const current = await getReviewRound(round.applicationId, round.round);
  if (current?.status !== 'OPEN' || current.mailingStage !== stage) return 'skipped';

  const daysWaiting = osloDaysBetween(new Date(round.requestedAt), now);
  if (stage === 'escalation') {
    // The lead's one e-mail: at least once (a crash before the timer moves sends it again).
    const reviewers = new Set(await staffWithRole(app.programme, 'reviewer'));
    await deliverMail(
      {
        to: await staffWithRole(app.programme, 'lead'),
        message: escalationMessage({
          applicationId: app.applicationId,
          programme,
          municipalityName: app.application.municipality.name,
          daysWaiting,
          pendingReviewers: round.reviewers.filter((r) => reviewers.has(r)),
        }),
        programme: app.programme,
        applicationId: app.applicationId,
      },
      now,
    );
  } else {
    // Reminders and renewals carry a fresh link each; earlier links of the window stay valid.
    await mailReviewers(
      app,
      current,
      current.reviewers,
      now,
      renewing ? reviewLinksRenewedMessage : reviewReminderMessage,
    );
  }
  await finishTimerStage(current, stage);
  return stage === 'escalation' ? 'escalated' : renewing ? 'links-renewed' : 'reminded';
}

async function onChangeRequestTimer(request: ChangeRequestItem, now: Date): Promise<string> {
  if (request.timerStage === 'resume') {
    await handOverChangeOutcome(request.applicationId, request.round, 'check-execution', now);
    return 'handed-over';
  }
  if (request.status !== 'OPEN') return 'skipped';
  await withdrawUnanswered(request, now);
  return 'withdrawn';
}

/**
 * An application whose workflow was not started with it (the start failed after the write, and no
 * retry finished it), or a resume that died before its start. Starting is idempotent by execution
 * name; the first review round clears the timer, and so does this once the execution runs.
 */
async function onApplicationTimer(app: ApplicationItem, now: Date): Promise<string> {
  if (app.timerStage !== 'start') return 'skipped';
  const name = reviewExecutionName(app.applicationId, app.executionResumes ?? 0);
  const started = await startReview({
    applicationId: app.applicationId,
    programme: app.programme,
    name,
  });
  if (started === 'already-exists') {
    // AWS answers "already exists" for a failed execution too, whose name cannot be reused: the
    // review is resumed under the next name (which clears this timer once it starts).
    const status = await reviewExecutionStatus(name);
    if (!isAlive(status)) {
      logger.warn('review workflow found stopped at its start; resuming it', {
        applicationId: app.applicationId,
        executionName: name,
        status,
      });
      try {
        await resumeReview(app.applicationId, now);
      } catch (error) {
        // Another run or `npm run resume` came first: the review runs again all the same.
        if (!(error instanceof ResumeConflictError)) throw error;
      }
      return 'review-resumed';
    }
  }
  await clearStartTimer(app);
  return 'review-started';
}
