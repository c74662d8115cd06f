// Review rounds: opening one when the workflow asks, and recording a reviewer's decision.

import { osloDaysBetween } from '../domain/calendar.js';
import { parsePositionsApproved, parseYearlyAmount } from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { programmeForApplication } from './programme-settings.js';
import {
  EVENT_FOR_DECISION,
  STATUS_AFTER_DECISION,
  firstReviewTimer,
  parseDecision,
  reviewWindowEnd,
  type Decision,
} from '../domain/review.js';
import { logger } from '../adapters/logger.js';
import { METRIC_NAMES, recordMetric } from '../adapters/metrics.js';
import { resumeTask } from '../adapters/workflow.js';
import {
  AlreadyDecidedError,
  ApprovalRefusedError,
  GoneError,
  ValidationError,
  WorkflowDataError,
} from '../errors.js';
import { reviewRequestMessage } from '../mail/to-reviewers.js';
import { publicUrls } from '../public-urls.js';
import {
  beginReviewRoundPart,
  decideApplicationPart,
  getApplication,
} from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import { takeMunicipalityPositionsPart, takeRoundPositionsPart } from '../store/capacity.js';
import {
  keys,
  timerAttributes,
  type ApplicationItem,
  type LinkItem,
  type ReviewRoundItem,
} from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { pendingNoticePart } from '../store/notices.js';
import {
  decideReviewRoundPart,
  getReviewRound,
  markReviewersNotified,
  openReviewRoundPart,
} from '../store/review-rounds.js';
import { transact } from '../store/table.js';
import { hasExpired, issueLinks, resolveLink } from './links.js';
import { holdsRole, staffWithRole } from './staff-register.js';
import { STOPPED_REVIEW } from './resume.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
  type WhenNotWaiting,
} from './waiting-task.js';
import { deliverMail } from './mailing.js';

/**
 * What "Request review" is handed when the municipality withdrew the application: its "Decision?"
 * ends the review with the withdrawal's e-mails.
 */
export const WITHDRAWN_ANSWER = { decision: 'withdrawn' } as const;

/**
 * Review rounds wait for a reviewer's decision, which is what the workflow task is handed, or for
 * the municipality's withdrawal.
 */
export const REVIEW_ROUNDS: WaitingTaskFamily<ReviewRoundItem> = {
  name: 'review round',
  answerOf: (round) =>
    round.decision ?? (round.status === 'WITHDRAWN' ? WITHDRAWN_ANSWER : undefined),
  // A decision on a stopped execution resumes the review, which takes the decision from there.
  stopped: STOPPED_REVIEW,
};

export async function loadApplication(applicationId: string): Promise<ApplicationItem> {
  const item = await getApplication(applicationId);
  if (!item) throw new WorkflowDataError(`No application ${applicationId}`);
  return item;
}

/**
 * The "Request review" task: opens round n+1 bound to this task token and e-mails each reviewer a
 * link of their own. Step Functions gives each attempt of a task a new token, so an attempt retried
 * after a failure part-way (SES or DynamoDB) takes over the round the earlier attempt opened: the
 * round moves to the new token, only reviewers not yet mailed are mailed, and a decision taken in
 * between is handed to the new token at once.
 */
export async function openReviewRound(
  applicationId: string,
  taskToken: string,
  now = new Date(),
): Promise<ReviewRoundItem | 'withdrawn'> {
  const app = await loadApplication(applicationId);
  if (await withdrawnBeforeThisRequest(app, taskToken)) return 'withdrawn';
  let round = (await roundOfThisRequest(app)) ?? (await openNextRound(app, taskToken, now));
  if (!round) {
    // Withdrawn between the read above and the round's write, which its condition then refused.
    await withdrawnBeforeThisRequest(await loadApplication(applicationId), taskToken);
    return 'withdrawn';
  }
  round = await takeOverTask(REVIEW_ROUNDS, roundKey(round), round, taskToken);
  if (round.decision || round.status === 'WITHDRAWN') {
    await handOver(applicationId, round.round);
    return round;
  }
  await mailReviewers(app, round, round.reviewers, now);
  logger.info('review requested', { applicationId, round: round.round });
  return round;
}

/**
 * An application the municipality withdrew with no round open (before its first review, or after
 * an amendment before the next round) has nothing for reviewers: the task answers itself at once,
 * as "Await contact" does for an address confirmed before. A round withdrawn while open is handed
 * over as a decision is.
 */
async function withdrawnBeforeThisRequest(
  app: ApplicationItem,
  taskToken: string,
): Promise<boolean> {
  if (app.status !== 'WITHDRAWN') return false;
  const latest =
    app.reviewRound > 0 ? await getReviewRound(app.applicationId, app.reviewRound) : undefined;
  if (latest?.status === 'WITHDRAWN') return false;
  await resumeTask(taskToken, WITHDRAWN_ANSWER);
  logger.info('review not requested: withdrawn by the municipality', {
    applicationId: app.applicationId,
  });
  return true;
}

/**
 * The latest round if it belongs to the review being requested now: open, or decided while this
 * task was retried. A decided round of an application back IN_REVIEW belongs to the request
 * before its amendment.
 */
async function roundOfThisRequest(app: ApplicationItem): Promise<ReviewRoundItem | undefined> {
  if (app.reviewRound === 0) return undefined;
  const latest = await getReviewRound(app.applicationId, app.reviewRound);
  if (!latest || latest.status === 'OPEN') return latest;
  return app.status === 'IN_REVIEW' || app.status === 'SUBMITTED' ? undefined : latest;
}

/** The new round, or undefined when the application was withdrawn meanwhile. */
async function openNextRound(
  app: ApplicationItem,
  taskToken: string,
  now: Date,
): Promise<ReviewRoundItem | undefined> {
  const programme = PROGRAMMES[app.programme];
  const number = app.reviewRound + 1;
  const key = keys.reviewRound(app.applicationId, number);
  const timer = firstReviewTimer(now, programme);
  const fresh: ReviewRoundItem = {
    ...key,
    applicationId: app.applicationId,
    round: number,
    taskToken,
    status: 'OPEN',
    requestedAt: now.toISOString(),
    windowStart: now.toISOString(),
    windowEnd: reviewWindowEnd(now, programme).toISOString(),
    // The programme's reviewers as the register holds them when the round opens.
    reviewers: await staffWithRole(app.programme, 'reviewer'),
    timerStage: timer.stage,
    ...timerAttributes(timer.dueAt, key),
  };
  const written = await transact({
    round: openReviewRoundPart(fresh, app.programme),
    application: beginReviewRoundPart(app, number, now),
    audit: auditPut(auditEvent(app.applicationId, 'review-requested', SYSTEM_ACTOR, now)),
  });
  if (written.ok) return fresh;
  const current = await loadApplication(app.applicationId);
  if (current.status === 'WITHDRAWN') return undefined;
  // A concurrent attempt got there first; its round is this request's.
  const round = await roundOfThisRequest(current);
  if (!round)
    throw new WorkflowDataError(
      `Review round ${number} of ${app.applicationId} could not be opened`,
    );
  return round;
}

function roundKey(round: Pick<ReviewRoundItem, 'applicationId' | 'round'>) {
  return keys.reviewRound(round.applicationId, round.round);
}

/**
 * Sends each reviewer not yet mailed in this window a new decision link. Their links are written
 * in one call before any e-mail goes, and those mailed are recorded in one call after, also when a
 * later e-mail fails: a retry then mails only the others.
 */
export async function mailReviewers(
  app: ApplicationItem,
  round: ReviewRoundItem,
  reviewers: readonly string[],
  now: Date,
  message = reviewRequestMessage,
): Promise<void> {
  const programme = PROGRAMMES[app.programme];
  const alreadyMailed = new Set(round.notified ?? []);
  // A reviewer taken out of the register since the round opened is mailed no more.
  const current = new Set(await staffWithRole(app.programme, 'reviewer'));
  const toMail = reviewers.filter(
    (reviewer) => !alreadyMailed.has(reviewer) && current.has(reviewer),
  );
  if (toMail.length === 0) return;
  const linkTokens = await issueLinks(
    toMail.map((reviewer) => ({
      purpose: 'decision',
      applicationId: app.applicationId,
      round: round.round,
      holder: reviewer,
      revision: round.linkRevision ?? 0,
      expiresAt: new Date(round.windowEnd),
    })),
  );
  const mailed: string[] = [];
  try {
    for (const [i, reviewer] of toMail.entries()) {
      await deliverMail(
        {
          to: [reviewer],
          message: message({
            applicationId: app.applicationId,
            application: app.application,
            programme,
            municipalityName: app.application.municipality.name,
            submittedAt: app.submittedAt,
            decisionUrl: publicUrls.decision(linkTokens[i]!),
            expiresAt: round.windowEnd,
            daysWaiting: osloDaysBetween(new Date(round.requestedAt), now),
          }),
          programme: app.programme,
          applicationId: app.applicationId,
        },
        now,
      );
      mailed.push(reviewer);
    }
  } finally {
    if (mailed.length > 0) await markReviewersNotified(app.applicationId, round.round, mailed);
  }
}

export interface DecisionContext {
  link: LinkItem;
  round: ReviewRoundItem;
  app: ApplicationItem;
}

/** What a decision link shows. Reads only: e-mail scanners fetch links before people click them. */
export async function openDecision(token: string, now = new Date()): Promise<DecisionContext> {
  const link = await resolveLink(token, 'decision');
  const [round, app] = await Promise.all([
    getReviewRound(link.applicationId, link.round),
    getApplication(link.applicationId),
  ]);
  if (!round || !app)
    throw new WorkflowDataError(`Link to a missing review of ${link.applicationId}`);
  // Withdrawn by the municipality: every reviewer link of the application is gone, decided or not.
  if (app.status === 'WITHDRAWN') throw withdrawnGone();
  if (round.decision) throw new AlreadyDecidedError(round.decision, app.applicationId, round.round);
  if (hasExpired(link, now)) throw new GoneError('Decision link expired');
  // Links the lead replaced (sent again, or their reviewer replaced on the round) no longer work.
  if (!isCurrentDecisionLink(link, round))
    throw new GoneError('Decision link replaced by the programme lead');
  // A reviewer removed from the programme's register holds links that no longer work; the round
  // goes on with the others.
  if (!(await holdsRole(app.programme, link.holder, 'reviewer')))
    throw new GoneError('Decision link of a reviewer no longer in the register');
  return { link, round, app };
}

/** Whether a decision link is one of its round's current links (not replaced by the lead). */
export function isCurrentDecisionLink(
  link: Pick<LinkItem, 'holder' | 'revision'>,
  round: Pick<ReviewRoundItem, 'reviewers' | 'linksValidFrom'>,
): boolean {
  return (
    round.reviewers.includes(link.holder) &&
    (link.revision ?? 0) >= (round.linksValidFrom?.[link.holder] ?? 0)
  );
}

/**
 * Records a decision in one transaction that spends the link, closes the round, moves the
 * application's status and, for an approval, takes the positions from the round and the
 * municipality's cap — or refuses it all. Then hands the decision to the waiting workflow.
 */
export async function decide(
  token: string,
  fields: {
    decision?: unknown;
    comment?: unknown;
    yearlyAmount?: unknown;
    positionsApproved?: unknown;
  },
  now = new Date(),
): Promise<{ applicationId: string; decision: Decision }> {
  let context: DecisionContext;
  try {
    context = await openDecision(token, now);
  } catch (error) {
    if (error instanceof AlreadyDecidedError)
      await handOverOrLeaveToTimer(
        REVIEW_ROUNDS,
        keys.reviewRound(error.applicationId, error.round),
        error.applicationId,
      );
    throw error;
  }
  const { link, round, app } = context;
  // The terms of the application's own round: its amounts, its cap and its positions now.
  const { programme, round: ownRound } = await programmeForApplication(app);
  const parsed = parseDecision(fields);
  // The amount matters only to an approval; absent, it is the programme's maximum.
  const amount =
    parsed.ok && parsed.decision === 'approve'
      ? parseYearlyAmount(fields.yearlyAmount, programme)
      : undefined;
  const approved =
    parsed.ok && parsed.decision === 'approve'
      ? parsePositionsApproved(fields.positionsApproved, app.application.positionsRequested)
      : undefined;
  const errors = [
    ...(parsed.ok ? [] : parsed.errors),
    ...(amount?.ok === false ? amount.errors : []),
    ...(approved?.ok === false ? approved.errors : []),
  ];
  if (!parsed.ok || errors.length > 0) throw new ValidationError(errors);

  const decision = {
    decision: parsed.decision,
    comment: parsed.comment,
    by: link.holder,
    at: now.toISOString(),
    ...(amount?.ok && { yearlyAmount: amount.value }),
    ...(approved?.ok && { positionsApproved: approved.value }),
  };
  // Capacity counts the positions approved, which may be fewer than those asked for.
  const positions = approved?.ok ? approved.value : app.application.positionsRequested;
  const roundPositions = ownRound?.positions ?? 0;
  const approving = parsed.decision === 'approve';
  if (approving) {
    // Checked here too, because a condition "held <= limit - positions" with a negative bound
    // would refuse without saying which limit.
    if (positions > roundPositions)
      throw new ApprovalRefusedError(
        refusal('round', programme.name, roundPositions),
        app.applicationId,
      );
    if (positions > programme.maxPositionsPerMunicipality) {
      throw new ApprovalRefusedError(
        refusal('municipality', programme.name, programme.maxPositionsPerMunicipality),
        app.applicationId,
      );
    }
  }
  const written = await transact({
    round: decideReviewRoundPart(app.applicationId, round.round, decision, now),
    link: spendLinkPart(link, now),
    application: decideApplicationPart(
      app.applicationId,
      round.round,
      STATUS_AFTER_DECISION[parsed.decision],
      now,
      approving ? positions : undefined,
    ),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        EVENT_FOR_DECISION[parsed.decision],
        link.holder,
        now,
        parsed.comment,
      ),
    ),
    roundCapacity: approving
      ? takeRoundPositionsPart(app.roundId, positions, roundPositions)
      : undefined,
    municipalityCapacity: approving
      ? takeMunicipalityPositionsPart(
          app.roundId,
          app.municipalityNumber,
          positions,
          programme.maxPositionsPerMunicipality,
        )
      : undefined,
    // The municipality is owed the outcome from this commit on, whatever becomes of the workflow
    // (an SES outage past its retries, an execution that stopped): the daily run sends it then.
    notice:
      parsed.decision === 'request-changes'
        ? undefined
        : pendingNoticePart(
            app.applicationId,
            parsed.decision === 'approve' ? 'approved' : 'rejected',
            now,
          ),
  });
  if (!written.ok) {
    const refusedBy = new Set(written.failed);
    if (refusedBy.has('round') || refusedBy.has('link') || refusedBy.has('application')) {
      const current = await getReviewRound(app.applicationId, round.round);
      if (current?.decision)
        throw new AlreadyDecidedError(current.decision, app.applicationId, round.round);
      throw new GoneError('The application is no longer in review');
    }
    throw new ApprovalRefusedError(
      refusedBy.has('roundCapacity')
        ? refusal('round', programme.name, roundPositions)
        : refusal('municipality', programme.name, programme.maxPositionsPerMunicipality),
      app.applicationId,
    );
  }
  logger.info('decision recorded', {
    applicationId: app.applicationId,
    round: round.round,
    decision: parsed.decision,
  });
  recordMetric(METRIC_NAMES.decisions, { programme: app.programme, outcome: parsed.decision });
  await handOverOrLeaveToTimer(REVIEW_ROUNDS, roundKey(round), app.applicationId);
  return { applicationId: app.applicationId, decision: parsed.decision };
}

function withdrawnGone(): GoneError {
  return new GoneError('Application withdrawn', {
    title: 'Søknaden er trukket',
    message:
      'Kommunen har trukket søknaden, så den skal ikke vurderes. Lenken virker ikke lenger, og du trenger ikke gjøre noe.',
  });
}

function refusal(kind: 'round' | 'municipality', programmeName: string, limit: number): string {
  return kind === 'round'
    ? `Søknadsrunden i ${programmeName} har ikke nok ledige ALIS-stillinger igjen (${limit} i alt). Godkjenningen er ikke registrert.`
    : `Kommunen ville fått flere enn ${limit} ALIS-stillinger, som er grensen per kommune i ${programmeName}. Godkjenningen er ikke registrert.`;
}

/** Gives a decided round's decision to its waiting workflow task, once. Safe to call again. */
export async function handOver(
  applicationId: string,
  roundNumber: number,
  whenNotWaiting: WhenNotWaiting = 'leave-to-timer',
  now = new Date(),
): Promise<void> {
  await handOverAnswer(
    REVIEW_ROUNDS,
    keys.reviewRound(applicationId, roundNumber),
    now,
    whenNotWaiting,
  );
}
