// A programme lead's actions on one application (POST /staff/applications/{id}/actions): each
// checks the body (400), whether it fits the application's state (409), then does what the
// municipality's or the operator's own path does, with the lead as the audit event's actor.
// A repeat never does it twice: what is done no longer fits, and answers 409 saying so.

import type { FieldError } from '../domain/application.js';
import type { ProgrammeId } from '../domain/programmes.js';
import { parseStaffAction, type StaffAction } from '../domain/staff-actions.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isApplicationIdShape } from '../domain/review.js';
import { getApplication } from '../store/applications.js';
import { auditEvent, recordEvent } from '../store/audit.js';
import { getInstalment } from '../store/grants.js';
import type { ApplicationItem } from '../store/items.js';
import { forwardComplaint, grantComplaint } from './complaints.js';
import { ResumeConflictError, resumePayment, resumeReview } from './resume.js';
import { canWithdraw, withdrawOnRequest } from './withdrawal.js';

export interface StaffActionResult {
  applicationId: string;
  action: StaffAction['action'];
  /** The application's status after the action. */
  status: ApplicationItem['status'];
  /** For `resume`: the execution that now carries the workflow. */
  executionName?: string;
  /** For `complaint-granted` of a reduction: the positions the grant has now. */
  positionsApproved?: number;
}

/** The application an action is about: unknown (404) outside the staff member's programmes. */
export async function actionTarget(
  applicationId: string,
  programmes: readonly ProgrammeId[],
): Promise<ApplicationItem> {
  if (!isApplicationIdShape(applicationId)) throw new NotFoundError('Malformed application id');
  const app = await getApplication(applicationId);
  if (!app || !programmes.includes(app.programme)) throw new NotFoundError('Unknown application');
  return app;
}

/** Which of the actions fit the application's state now, for its page. */
export function actionsOffered(
  app: Pick<ApplicationItem, 'status'>,
  hasGrant: boolean,
): { withdraw: boolean; resumeReview: boolean; resumePayment: boolean } {
  return {
    withdraw: canWithdraw(app),
    resumeReview: canWithdraw(app),
    resumePayment: hasGrant,
  };
}

export async function runStaffAction(
  app: ApplicationItem,
  lead: string,
  input: unknown,
  now = new Date(),
): Promise<StaffActionResult> {
  const parsed = parseStaffAction(input);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const action = parsed.value;
  const { applicationId } = app;
  switch (action.action) {
    case 'withdraw': {
      const result = await withdrawOnRequest(applicationId, lead, action.reason, now);
      return { applicationId, action: 'withdraw', status: result.status };
    }
    case 'resume':
      return resume(app, lead, action.payment, now);
    case 'complaint-granted':
      return {
        applicationId,
        action: action.action,
        ...(await grantComplaint(app, lead, action, now)),
      };
    case 'complaint-forwarded':
      return {
        applicationId,
        action: action.action,
        ...(await forwardComplaint(app, lead, action, now)),
      };
  }
}

async function resume(
  app: ApplicationItem,
  lead: string,
  payment: { position: number; year: number } | undefined,
  now: Date,
): Promise<StaffActionResult> {
  const { applicationId } = app;
  if (payment && !(await getInstalment({ applicationId, ...payment }))) {
    throw new ConflictError([
      conflict(
        'no-instalment',
        `Søknaden har ingen utbetaling for stilling ${payment.position}, år ${payment.year}.`,
      ),
    ]);
  }
  let outcome: Awaited<ReturnType<typeof resumeReview>>;
  try {
    outcome = payment
      ? await resumePayment({ applicationId, ...payment }, now)
      : await resumeReview(applicationId, now);
  } catch (error) {
    if (error instanceof ResumeConflictError) {
      throw new ConflictError([
        conflict(
          'resumed-elsewhere',
          'Saksbehandlingen ble nettopp startet på nytt av noen andre.',
        ),
      ]);
    }
    throw error;
  }
  if (outcome.action === 'nothing-to-do' || outcome.action === 'stopping') {
    throw new ConflictError([
      conflict(
        'not-stopped',
        'Saksbehandlingen har ikke stoppet (den går, eller er ferdig), så det er ingenting å starte på nytt.',
      ),
    ]);
  }
  await recordEvent(
    auditEvent(
      applicationId,
      'workflow-resumed',
      lead,
      now,
      payment
        ? `Utbetaling for stilling ${payment.position}, år ${payment.year}: ${outcome.executionName}`
        : `Saksbehandlingen: ${outcome.executionName}`,
    ),
  );
  return {
    applicationId,
    action: 'resume',
    status: app.status,
    executionName: outcome.executionName,
  };
}

function conflict(code: string, message: string): FieldError {
  return { path: 'action', code, message };
}
