// A decision that reached a review workflow no longer running (it failed after its retries, or was
// stopped). The decision is saved; the municipality still hears the outcome (its notice is marker-
// guarded, so it goes once whatever the workflow does later), and the programme lead is told, so
// that the application is resumed and the rest of its work (the grant) done.

import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { sendMail } from '../adapters/mail.js';
import {
  reviewExecutionName,
  reviewExecutionStatus,
  type ExecutionStatus,
} from '../adapters/workflow.js';
import { WorkflowDataError } from '../errors.js';
import { stoppedWorkflowMessage } from '../mail/to-lead.js';
import { getApplication } from '../store/applications.js';
import type { ReviewRoundItem } from '../store/items.js';
import { notifyMunicipality } from './notices.js';

/** The status of the execution the round's application runs under now. */
export async function reviewStatusOf(round: ReviewRoundItem): Promise<ExecutionStatus> {
  const app = await getApplication(round.applicationId);
  if (!app) throw new WorkflowDataError(`No application ${round.applicationId}`);
  return reviewExecutionStatus(reviewExecutionName(app.applicationId, app.executionResumes ?? 0));
}

export async function settleStoppedReview(round: ReviewRoundItem, now: Date): Promise<void> {
  const decision = round.decision;
  if (!decision) return;
  const app = await getApplication(round.applicationId);
  if (!app) throw new WorkflowDataError(`No application ${round.applicationId}`);
  const programme = PROGRAMMES[app.programme];
  const outcome =
    decision.decision === 'approve'
      ? 'approved'
      : decision.decision === 'reject'
        ? 'rejected'
        : undefined;
  if (outcome) await notifyMunicipality(app.applicationId, outcome, now);
  await sendMail(
    [programme.people.lead],
    stoppedWorkflowMessage({
      programme,
      applicationId: app.applicationId,
      municipalityName: app.application.municipality.name,
      decision: decision.decision,
      decidedBy: decision.by,
      municipalityTold: outcome !== undefined,
    }),
  );
  logger.error('decision reached a stopped review workflow; municipality and lead told', {
    applicationId: app.applicationId,
    round: round.round,
  });
}
