// Resuming the review of an application whose execution stopped (failed, timed out, aborted).
// Execution names are fixed by application id, so a repeated start is harmless; a stopped name
// cannot be reused (for 90 days in AWS), so a resume starts `<id>-r1`, `-r2`, ... The counter is
// claimed on the application item by a conditional write, so two resumes never both start one.
// The new execution finds what the old one did: notice markers stop a second receipt, and the
// "Request review" step takes over an open round with its reviewers already mailed.

import { logger } from '../adapters/logger.js';
import {
  isAlive,
  reviewExecutionName,
  reviewExecutionStatus,
  startReview,
  type ExecutionStatus,
} from '../adapters/workflow.js';
import { claimResume, clearStartTimer, getApplication } from '../store/applications.js';
import { loadApplication } from './reviews.js';

export interface ResumeOutcome {
  applicationId: string;
  /** What the execution the application ran under was found in. */
  found: ExecutionStatus;
  /** The execution that now carries the application. */
  executionName: string;
  action: 'resumed' | 'started' | 'nothing-to-do';
}

export class ResumeConflictError extends Error {
  override name = 'ResumeConflictError';
}

export async function resumeReview(
  applicationId: string,
  now = new Date(),
): Promise<ResumeOutcome> {
  const app = await loadApplication(applicationId);
  const resumes = app.executionResumes ?? 0;
  const current = reviewExecutionName(applicationId, resumes);
  const found = await reviewExecutionStatus(current);
  if (isAlive(found))
    return { applicationId, found, executionName: current, action: 'nothing-to-do' };
  if (found === 'MISSING') {
    // Never started (or a claimed resume died before its start): starting under the same name is
    // what the daily run would do too.
    await startReview({ applicationId, programme: app.programme, name: current });
    await clearTimerIfStillStart(applicationId);
    return { applicationId, found, executionName: current, action: 'started' };
  }
  const next = resumes + 1;
  if (!(await claimResume(app, next, now)))
    throw new ResumeConflictError(`Another resume of ${applicationId} came first`);
  const name = reviewExecutionName(applicationId, next);
  await startReview({ applicationId, programme: app.programme, name });
  await clearTimerIfStillStart(applicationId);
  logger.info('review resumed', { applicationId, stopped: current, found, executionName: name });
  return { applicationId, found, executionName: name, action: 'resumed' };
}

/** The started execution does the work the "start" timer stood for. */
async function clearTimerIfStillStart(applicationId: string): Promise<void> {
  const app = await getApplication(applicationId);
  if (app?.timerStage === 'start' && app.gsi1sk) await clearStartTimer(app);
}
