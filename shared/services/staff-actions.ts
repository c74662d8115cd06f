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
import type { Position } from '../domain/grant.js';
import type { InstalmentItem, ReviewRoundItem } from '../store/items.js';
import { forwardComplaint, grantComplaint } from './complaints.js';
import { ResumeConflictError, resumePayment, resumeReview } from './resume.js';
import { changeContact } from './staff-actions-contact.js';
import { endGrantByLead, holdInstalment, releaseInstalment } from './staff-actions-grant.js';
import { replaceReviewer, resendLinks } from './staff-actions-reviewers.js';
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
  app: Pick<ApplicationItem, 'status' | 'reviewRound' | 'openComplaints'>,
  records: {
    reviewRounds: readonly Pick<ReviewRoundItem, 'round' | 'status' | 'reviewers'>[];
    grant?: unknown;
    positions: readonly Pick<Position, 'position' | 'status'>[];
    instalments: readonly Pick<InstalmentItem, 'position' | 'year' | 'status' | 'heldByLead'>[];
  },
): StaffActionsOffered {
  const round = records.reviewRounds.find((r) => r.round === app.reviewRound);
  const openRound = app.status === 'IN_REVIEW' && round?.status === 'OPEN' ? round : undefined;
  const ref = (i: { position: number; year: number }) => ({ position: i.position, year: i.year });
  return {
    withdraw: canWithdraw(app),
    resumeReview: canWithdraw(app),
    resumePayment: records.grant !== undefined,
    ...(openRound && { reviewers: [...openRound.reviewers] }),
    changeContact: app.status !== 'AWAITING_CONTACT',
    endPositions: records.positions.filter((p) => p.status === 'ACTIVE').map((p) => p.position),
    hold: records.instalments.filter((i) => !i.heldByLead && HOLDABLE.includes(i.status)).map(ref),
    release: records.instalments.filter((i) => i.heldByLead && i.status !== 'CANCELLED').map(ref),
    complaint: (app.openComplaints ?? 0) > 0,
  };
}

const HOLDABLE: readonly string[] = ['SCHEDULED', 'AWAITING_CONFIRMATION', 'HELD', 'READY'];

/** What the page offers; each list empty (or `reviewers` absent) when that action does not fit. */
export interface StaffActionsOffered {
  /** Before a decision. */
  withdraw: boolean;
  /** While the review runs (before a decision). */
  resumeReview: boolean;
  /** Once there is a grant: a year's payment. */
  resumePayment: boolean;
  /** The open review round's reviewers: links may be resent, and one replaced. */
  reviewers?: string[];
  changeContact: boolean;
  /** The running positions, which may end. */
  endPositions: number[];
  /** Position-years finance has not been told of, not held by the lead. */
  hold: { position: number; year: number }[];
  /** Position-years the lead holds back. */
  release: { position: number; year: number }[];
  /** A complaint waits for the programme's answer: grant it, or send it to the klageinstans. */
  complaint: boolean;
}

/**
 * Carries out one action. Each family lives in its own module (staff-actions-reviewers, -contact,
 * -grant); a new action is a parser in the domain's PARSERS and a case here.
 */
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
  const done = { applicationId, action: action.action, status: app.status };
  switch (action.action) {
    case 'withdraw': {
      const result = await withdrawOnRequest(applicationId, lead, action.reason, now);
      return { applicationId, action: 'withdraw', status: result.status };
    }
    case 'resume':
      return resume(app, lead, action.payment, now);
    case 'resend-links':
      await resendLinks(app, lead, now);
      return done;
    case 'replace-reviewer':
      await replaceReviewer(app, lead, action, now);
      return done;
    case 'change-contact':
      await changeContact(app, lead, action.contact, now);
      return done;
    case 'end-grant':
      return { ...done, status: await endGrantByLead(app, lead, action, now) };
    case 'hold-instalment':
      await holdInstalment(app, lead, action.instalment, now);
      return done;
    case 'release-instalment':
      await releaseInstalment(app, lead, action.instalment, now);
      return done;
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
