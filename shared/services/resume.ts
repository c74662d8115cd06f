// Resuming a workflow whose execution stopped (failed, timed out, aborted): the review of an
// application, or one year's payment of its grant. Execution names are fixed (`<id>`, `<id>-y<year>`),
// so a repeated start is harmless; a stopped name cannot be reused (for 90 days in AWS), so a resume
// starts `-r1`, `-r2`, ... The counter is claimed on the application (review) or the instalment
// (payment) by a conditional write, so two resumes (two daily runs, a run and `npm run resume`)
// never both start one. The new execution finds what the old one did: notice markers stop a second
// receipt, and each waiting step takes over its item (round, change request, confirmation,
// instalment) and hands on an answer already given.
//
// Who resumes: the daily run, on the stop a workflow's Catch recorded (onStoppedWorkflowTimer), and
// whenever an answer (a decision, an amendment, a confirmation, a payment) meets a stopped
// execution (the waiting-task families' `stopped` hooks below).

import { logger } from '../adapters/logger.js';
import {
  annualPaymentExecutionName,
  isAlive,
  paymentExecutionStatus,
  resumesOf,
  reviewExecutionName,
  reviewExecutionStatus,
  startAnnualPayment,
  startReview,
  type ExecutionStatus,
} from '../adapters/workflow.js';
import { WorkflowDataError } from '../errors.js';
import { claimResume, clearStartTimer, getApplication } from '../store/applications.js';
import { claimPaymentResume, getInstalment } from '../store/grants.js';
import type { PositionYear, StoppedWorkflowItem } from '../store/items.js';
import { clearStoppedWorkflow, recordStoppedWorkflow } from '../store/stopped-workflows.js';

export interface ResumeOutcome {
  applicationId: string;
  /** What the execution the workflow ran under was found in. */
  found: ExecutionStatus;
  /** The execution that now carries the workflow. */
  executionName: string;
  /** 'stopping': the stopped execution is still running its Catch; look again later. */
  action: 'resumed' | 'started' | 'nothing-to-do' | 'stopping';
}

export class ResumeConflictError extends Error {
  override name = 'ResumeConflictError';
}

/**
 * One workflow's resume. `stopped` names the execution a recorded stop is about: while that one
 * still runs (between its Catch and its end) it is not resumed yet.
 */
async function resume(
  applicationId: string,
  workflow: {
    current: string;
    status(name: string): Promise<ExecutionStatus>;
    start(name: string): Promise<unknown>;
    claim(): Promise<{ claimed: boolean; name: string }>;
  },
  stopped?: string,
): Promise<ResumeOutcome> {
  const { current } = workflow;
  const found = await workflow.status(current);
  if (isAlive(found)) {
    const action = found === 'RUNNING' && current === stopped ? 'stopping' : 'nothing-to-do';
    return { applicationId, found, executionName: current, action };
  }
  if (found === 'MISSING') {
    // Never started (or a claimed resume died before its start): start it under that name.
    await workflow.start(current);
    return { applicationId, found, executionName: current, action: 'started' };
  }
  const { claimed, name } = await workflow.claim();
  if (!claimed) throw new ResumeConflictError(`Another resume of ${current} came first`);
  await workflow.start(name);
  logger.info('workflow resumed', { applicationId, stopped: current, found, executionName: name });
  return { applicationId, found, executionName: name, action: 'resumed' };
}

export async function resumeReview(
  applicationId: string,
  now = new Date(),
  stopped?: string,
): Promise<ResumeOutcome> {
  const app = await getApplication(applicationId);
  if (!app) throw new WorkflowDataError(`No application ${applicationId}`);
  const resumes = app.executionResumes ?? 0;
  const start = async (name: string) => {
    await startReview({ applicationId, programme: app.programme, name });
    // The started execution does the work the "start" timer stood for.
    const after = await getApplication(applicationId);
    if (after?.timerStage === 'start' && after.gsi1sk) await clearStartTimer(after);
  };
  return resume(
    applicationId,
    {
      current: reviewExecutionName(applicationId, resumes),
      status: (name) => reviewExecutionStatus(name),
      start,
      // The claim also sets the application's "start" timer: should this caller die before its
      // start, the daily run starts the claimed name.
      claim: async () => ({
        claimed: await claimResume(app, resumes + 1, now),
        name: reviewExecutionName(applicationId, resumes + 1),
      }),
    },
    stopped,
  );
}

export async function resumePayment(
  ref: PositionYear,
  now = new Date(),
  stopped?: string,
): Promise<ResumeOutcome> {
  const { applicationId, position, year } = ref;
  const instalment = await getInstalment(ref);
  if (!instalment) throw new WorkflowDataError(`No instalment ${year} of ${applicationId}`);
  const resumes = instalment.executionResumes ?? 0;
  // A claimed resume that dies before its start leaves its caller's timer (the recorded stop, or
  // the answer's hand-over) due: the next run finds the claimed name missing and starts it.
  return resume(
    applicationId,
    {
      current: annualPaymentExecutionName(ref, resumes),
      status: (name) => paymentExecutionStatus(name),
      start: (name) => startAnnualPayment({ applicationId, position, year, name }),
      claim: async () => ({
        claimed: await claimPaymentResume(instalment, resumes + 1, now),
        name: annualPaymentExecutionName(ref, resumes + 1),
      }),
    },
    stopped,
  );
}

/** A resume that another caller got to first is done, not failed. */
async function unlessResumedElsewhere(
  resuming: () => Promise<ResumeOutcome>,
): Promise<ResumeOutcome['action'] | 'resumed-elsewhere'> {
  try {
    return (await resuming()).action;
  } catch (error) {
    if (error instanceof ResumeConflictError) return 'resumed-elsewhere';
    throw error;
  }
}

// ---- What the waiting-task families do when an answer meets a stopped execution ----

/** The review: its application's current execution, and resuming it. */
export const STOPPED_REVIEW = {
  executionStatus: async (item: { applicationId: string }): Promise<ExecutionStatus> => {
    const app = await getApplication(item.applicationId);
    if (!app) throw new WorkflowDataError(`No application ${item.applicationId}`);
    return reviewExecutionStatus(reviewExecutionName(app.applicationId, app.executionResumes));
  },
  settle: async (item: { applicationId: string }, now: Date): Promise<void> => {
    // The resumed execution takes the item over and is handed the answer, so the decision (or
    // amendment) has every effect it has on a running review: the grant, the e-mails.
    await unlessResumedElsewhere(() => resumeReview(item.applicationId, now));
  },
};

/** One position-year's payment: its instalment's current execution, and resuming it. */
export const STOPPED_PAYMENT = {
  executionStatus: async (item: PositionYear) => {
    const instalment = await getInstalment(item);
    if (!instalment) throw new WorkflowDataError(`No instalment ${item.year}`);
    return paymentExecutionStatus(annualPaymentExecutionName(item, instalment.executionResumes));
  },
  settle: async (item: PositionYear, now: Date): Promise<void> => {
    // A year cancelled while its execution was stopped has nothing left to do: no resume.
    if ((await getInstalment(item))?.status === 'CANCELLED') return;
    await unlessResumedElsewhere(() => resumePayment(item, now));
  },
};

// ---- Stops recorded by the workflows' Catch, and the daily run's resume of them ----

export interface StopReport {
  applicationId: string;
  /** For a payment: the grant's year. */
  /** A payment's position (absent in a report from before positions had plans: 1). */
  position?: number;
  year?: number;
  executionName: string;
  error: string;
  cause?: string;
}

/**
 * The workflows' "Record stop" step, reached by the Catch of every task once its retries are
 * spent: the stop is recorded with a timer due at once, and the daily run resumes the workflow.
 * Its log line carries how many resumes had failed before (`resumesFailed`), which the alarm on a
 * resume failing twice counts.
 */
export async function recordStop(report: StopReport, now = new Date()): Promise<void> {
  await recordStoppedWorkflow(
    {
      applicationId: report.applicationId,
      workflow: report.year === undefined ? 'review' : 'payment',
      ...(report.year !== undefined && { position: report.position ?? 1, year: report.year }),
      executionName: report.executionName,
      error: report.error,
      ...(report.cause && { cause: report.cause.slice(0, 1000) }),
      stoppedAt: now.toISOString(),
    },
    now,
  );
  logger.error('workflow stopped after its retries; the daily run resumes it', {
    applicationId: report.applicationId,
    ...(report.year !== undefined && { year: report.year }),
    executionName: report.executionName,
    error: report.error,
    resumesFailed: resumesOf(report.executionName),
  });
}

/** The daily run's part: a recorded stop whose workflow is resumed, unless it runs again already. */
export async function onStoppedWorkflowTimer(
  stop: StoppedWorkflowItem,
  now: Date,
): Promise<string> {
  const action = await unlessResumedElsewhere(() =>
    stop.workflow === 'payment' && stop.year !== undefined
      ? resumePayment(
          { applicationId: stop.applicationId, position: stop.position ?? 1, year: stop.year },
          now,
          stop.executionName,
        )
      : resumeReview(stop.applicationId, now, stop.executionName),
  );
  // Still running its Catch: the timer stays for the next run.
  if (action === 'stopping') return 'stopping';
  await clearStoppedWorkflow(stop);
  return action === 'resumed' ? 'workflow-resumed' : action;
}
