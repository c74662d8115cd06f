// Review rounds: opening one when the workflow asks, and recording a reviewer's decision.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { osloDaysBetween } from '../domain/calendar.js';
import { PROGRAMMES } from '../domain/programmes.js';
import {
  EVENT_FOR_DECISION,
  STATUS_AFTER_DECISION,
  firstReviewTimer,
  parseDecision,
  reviewWindowEnd,
  type Decision,
} from '../domain/review.js';
import { documentClient } from '../adapters/dynamodb.js';
import { sendMail } from '../adapters/mail.js';
import { resumeTask, type ResumeResult } from '../adapters/workflow.js';
import {
  AlreadyDecidedError,
  ApprovalRefusedError,
  GoneError,
  ValidationError,
  WorkflowDataError,
} from '../errors.js';
import { reviewRequestMessage } from '../mail/to-reviewers.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import {
  TIMER_FIELDS,
  keys,
  timerAttributes,
  type ApplicationItem,
  type LinkItem,
  type ReviewRoundItem,
} from '../store/items.js';
import {
  getItem,
  tableName,
  transact,
  update,
  updateParams,
  type TransactItem,
} from '../store/table.js';
import { hasExpired, issueLink, resolveLink } from './links.js';

export async function loadApplication(applicationId: string): Promise<ApplicationItem> {
  const item = await getItem<ApplicationItem>(keys.application(applicationId));
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
): Promise<ReviewRoundItem> {
  const app = await loadApplication(applicationId);
  let round = (await roundOfThisRequest(app)) ?? (await openNextRound(app, taskToken, now));
  if (round.taskToken !== taskToken) round = await takeOver(round, taskToken);
  if (round.decision) {
    await handOver(applicationId, round.round);
    return round;
  }
  await mailReviewers(app, round, round.reviewers, now);
  return round;
}

/**
 * The latest round if it belongs to the review being requested now: open, or decided while this
 * task was retried. A decided round of an application back IN_REVIEW belongs to the request
 * before its amendment.
 */
async function roundOfThisRequest(app: ApplicationItem): Promise<ReviewRoundItem | undefined> {
  if (app.reviewRound === 0) return undefined;
  const latest = await getItem<ReviewRoundItem>(
    keys.reviewRound(app.applicationId, app.reviewRound),
  );
  if (!latest || latest.status === 'OPEN') return latest;
  return app.status === 'IN_REVIEW' || app.status === 'SUBMITTED' ? undefined : latest;
}

async function openNextRound(
  app: ApplicationItem,
  taskToken: string,
  now: Date,
): Promise<ReviewRoundItem> {
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
    reviewers: [...programme.people.reviewers],
    timerStage: timer.stage,
    ...timerAttributes(timer.dueAt, key),
  };
  const written = await transact([
    {
      Put: { TableName: tableName(), Item: fresh, ConditionExpression: 'attribute_not_exists(pk)' },
    },
    {
      Update: updateParams({
        key: keys.application(app.applicationId),
        set: { reviewRound: number, status: 'IN_REVIEW', updatedAt: now.toISOString() },
        // The workflow runs: the application's "start" timer has done its work.
        remove: TIMER_FIELDS,
        condition: 'reviewRound = :previous',
        values: { ':previous': app.reviewRound },
      }),
    },
    auditPut(auditEvent(app.applicationId, 'review-requested', SYSTEM_ACTOR, now)),
  ]);
  if (written.ok) return fresh;
  // A concurrent attempt got there first; its round is this request's.
  const round = await roundOfThisRequest(await loadApplication(app.applicationId));
  if (!round)
    throw new WorkflowDataError(
      `Review round ${number} of ${app.applicationId} could not be opened`,
    );
  return round;
}

/** Moves a round to the token of the attempt now running; the earlier attempt's token is dead. */
async function takeOver(round: ReviewRoundItem, taskToken: string): Promise<ReviewRoundItem> {
  const key = keys.reviewRound(round.applicationId, round.round);
  await update({
    key,
    set: { taskToken },
    remove: ['resumedAt'],
    condition: 'taskToken = :earlier',
    values: { ':earlier': round.taskToken },
  });
  const current = await getItem<ReviewRoundItem>(key);
  if (current?.taskToken !== taskToken)
    throw new WorkflowDataError(
      `Review round ${round.round} of ${round.applicationId} belongs to another task`,
    );
  return current;
}

/** Sends each reviewer not yet mailed in this window a new decision link. */
export async function mailReviewers(
  app: ApplicationItem,
  round: ReviewRoundItem,
  reviewers: readonly string[],
  now: Date,
  message = reviewRequestMessage,
): Promise<void> {
  const programme = PROGRAMMES[app.programme];
  const alreadyMailed = new Set(round.notified ?? []);
  for (const reviewer of reviewers) {
    if (alreadyMailed.has(reviewer)) continue;
    const decisionUrl = await issueLink({
      purpose: 'decision',
      applicationId: app.applicationId,
      round: round.round,
      holder: reviewer,
      expiresAt: new Date(round.windowEnd),
    });
    await sendMail(
      [reviewer],
      message({
        applicationId: app.applicationId,
        application: app.application,
        programme,
        municipalityName: app.application.municipality.name,
        submittedAt: app.submittedAt,
        decisionUrl,
        expiresAt: round.windowEnd,
        daysWaiting: osloDaysBetween(new Date(round.requestedAt), now),
      }),
    );
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.reviewRound(app.applicationId, round.round),
        UpdateExpression: 'SET notified = list_append(if_not_exists(notified, :empty), :reviewer)',
        ExpressionAttributeValues: { ':empty': [], ':reviewer': [reviewer] },
      }),
    );
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
    getItem<ReviewRoundItem>(keys.reviewRound(link.applicationId, link.round)),
    getItem<ApplicationItem>(keys.application(link.applicationId)),
  ]);
  if (!round || !app)
    throw new WorkflowDataError(`Link to a missing review of ${link.applicationId}`);
  if (round.decision) throw new AlreadyDecidedError(round.decision, app.applicationId, round.round);
  if (hasExpired(link, now)) throw new GoneError('Decision link expired');
  return { link, round, app };
}

/**
 * Records a decision in one transaction that spends the link, closes the round, moves the
 * application's status and, for an approval, takes the positions from the round and the
 * municipality's cap — or refuses it all. Then hands the decision to the waiting workflow.
 */
export async function decide(
  token: string,
  fields: { decision?: unknown; comment?: unknown },
  now = new Date(),
): Promise<{ applicationId: string; decision: Decision }> {
  let context: DecisionContext;
  try {
    context = await openDecision(token, now);
  } catch (error) {
    if (error instanceof AlreadyDecidedError)
      await handOverOrLeaveToTimer(
        () => handOver(error.applicationId, error.round),
        error.applicationId,
      );
    throw error;
  }
  const { link, round, app } = context;
  const parsed = parseDecision(fields);
  if (!parsed.ok) throw new ValidationError(parsed.errors);

  const at = now.toISOString();
  const decision = { decision: parsed.decision, comment: parsed.comment, by: link.holder, at };
  const roundKey = keys.reviewRound(app.applicationId, round.round);
  const items: TransactItem[] = [
    {
      Update: updateParams({
        key: roundKey,
        // The timer now means "hand the decision to the workflow": the daily run retries it if
        // this request dies between the commit and the hand-over.
        set: {
          status: 'DECIDED',
          decision,
          timerStage: 'resume',
          ...timerAttributes(now, roundKey),
        },
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':open': 'OPEN' },
      }),
    },
    {
      Update: updateParams({
        key: keys.link(link.pk.slice('LINK#'.length)),
        set: { usedAt: at },
        condition: 'attribute_not_exists(usedAt)',
      }),
    },
    {
      Update: updateParams({
        key: keys.application(app.applicationId),
        set: { status: STATUS_AFTER_DECISION[parsed.decision], updatedAt: at },
        condition: '#status = :inReview AND reviewRound = :round',
        names: { '#status': 'status' },
        values: { ':inReview': 'IN_REVIEW', ':round': round.round },
      }),
    },
    auditPut(
      auditEvent(
        app.applicationId,
        EVENT_FOR_DECISION[parsed.decision],
        link.holder,
        now,
        parsed.comment,
      ),
    ),
  ];
  const programme = PROGRAMMES[app.programme];
  const positions = app.application.positionsRequested;
  const roundPositions = programme.rounds.find((r) => r.id === app.roundId)?.positions ?? 0;
  if (parsed.decision === 'approve') {
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
    items.push(
      takePositions(keys.roundCapacity(app.roundId), positions, roundPositions),
      takePositions(
        keys.municipalityCapacity(app.roundId, app.municipalityNumber),
        positions,
        programme.maxPositionsPerMunicipality,
      ),
    );
  }
  const written = await transact(items);
  if (!written.ok) {
    if (written.failed.some((i) => i <= 2)) {
      const now2 = await getItem<ReviewRoundItem>(roundKey);
      if (now2?.decision)
        throw new AlreadyDecidedError(now2.decision, app.applicationId, round.round);
      throw new GoneError('The application is no longer in review');
    }
    const full = written.failed.includes(4);
    throw new ApprovalRefusedError(
      full
        ? refusal('round', programme.name, roundPositions)
        : refusal('municipality', programme.name, programme.maxPositionsPerMunicipality),
      app.applicationId,
    );
  }
  await handOverOrLeaveToTimer(() => handOver(app.applicationId, round.round), app.applicationId);
  return { applicationId: app.applicationId, decision: parsed.decision };
}

function takePositions(
  key: { pk: string; sk: string },
  positions: number,
  limit: number,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression:
        'SET approvedPositions = if_not_exists(approvedPositions, :zero) + :positions',
      // DynamoDB conditions cannot add, so "held + positions <= limit" becomes "held <= limit - positions".
      ConditionExpression:
        'attribute_not_exists(approvedPositions) OR approvedPositions <= :highest',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':positions': positions,
        ':highest': limit - positions,
      },
    },
  };
}

function refusal(kind: 'round' | 'municipality', programmeName: string, limit: number): string {
  return kind === 'round'
    ? `Søknadsrunden i ${programmeName} har ikke nok ledige ALIS-stillinger igjen (${limit} i alt). Godkjenningen er ikke registrert.`
    : `Kommunen ville fått flere enn ${limit} ALIS-stillinger, som er grensen per kommune i ${programmeName}. Godkjenningen er ikke registrert.`;
}

/**
 * Gives a decided round's decision to its waiting workflow task, once. Safe to call again: a token
 * that no longer waits counts as handed over.
 */
export async function handOver(applicationId: string, roundNumber: number): Promise<void> {
  const key = keys.reviewRound(applicationId, roundNumber);
  const round = await getItem<ReviewRoundItem>(key);
  if (!round?.decision || round.resumedAt) return;
  warnIfNotWaiting(await resumeTask(round.taskToken, round.decision), applicationId);
  await update({ key, set: { resumedAt: new Date().toISOString() }, remove: TIMER_FIELDS });
}

/**
 * A token that no longer waits: either the task is between two attempts (the next attempt takes the
 * round over and is handed the decision then) or its execution has ended, which someone must see.
 */
export function warnIfNotWaiting(result: ResumeResult, applicationId: string): void {
  if (result === 'already-resumed') {
    console.warn(
      JSON.stringify({ level: 'warn', message: 'workflow task no longer waiting', applicationId }),
    );
  }
}

/**
 * After a decision or an amendment has been committed, the person who made it gets their answer
 * even if Step Functions cannot be reached: the item's "resume" timer makes the daily run hand it
 * over later.
 */
export async function handOverOrLeaveToTimer(
  work: () => Promise<void>,
  applicationId: string,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'hand-over to the workflow failed; the daily run retries it',
        applicationId,
        name: (error as Error).name,
      }),
    );
  }
}
