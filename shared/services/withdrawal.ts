// The municipality withdraws its application through its status link, before a decision. One
// transaction moves the application to WITHDRAWN (from the status and round it was read in), closes
// what the review workflow waits on (the contact's wait, the open review round or change request:
// the same closings the deadlines use), records the audit event, and makes the e-mails due: the
// municipality's receipt, and the reviewers' news when they had links. Then the waiting task is
// handed "withdrawn", and the workflow ends through its "Notify withdrawal" steps. Where no task
// waits yet (SUBMITTED, or between two steps), the next waiting step finds the application
// WITHDRAWN and answers itself. A second withdrawal is 409, as every spent link.

import type { FieldError } from '../domain/application.js';
import { WITHDRAWABLE_STATUSES, parseWithdrawal } from '../domain/review.js';
import { logger } from '../adapters/logger.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { getApplication, withdrawByMunicipalityPart } from '../store/applications.js';
import { auditEvent, auditPut } from '../store/audit.js';
import {
  closeChangeRequestPart,
  getChangeRequest,
  noChangeRequestPart,
} from '../store/change-requests.js';
import { closeContactVerificationPart } from '../store/contacts.js';
import { keys, type ApplicationItem } from '../store/items.js';
import { pendingNoticePart } from '../store/notices.js';
import { getReviewRound, withdrawReviewRoundPart } from '../store/review-rounds.js';
import { transact, type TransactItem } from '../store/table.js';
import { CHANGE_REQUESTS } from './changes.js';
import { CONTACT_VERIFICATIONS } from './contacts.js';
import { REVIEW_ROUNDS } from './reviews.js';
import { applicationOfStatusToken } from './status.js';
import { handOverOrLeaveToTimer } from './waiting-task.js';

/** How often a withdrawal reads again after a move in between (a decision, a new round). */
const ATTEMPTS = 3;

export async function withdrawApplication(
  statusToken: string,
  input: unknown,
  now = new Date(),
): Promise<{ applicationId: string; status: 'WITHDRAWN' }> {
  const app = await applicationOfStatusToken(statusToken);
  // Decided or withdrawn already: 409 whatever the body, which cannot change that.
  refuseUnlessWithdrawable(app);
  const errors = parseWithdrawal(input);
  if (errors.length > 0) throw new ValidationError(errors);
  return withdraw(
    app,
    () => applicationOfStatusToken(statusToken),
    { actor: app.application.contact.email, comment: 'Trukket av kommunen' },
    now,
  );
}

/**
 * The lead withdraws an application on the municipality's request (a staff action): the same
 * withdrawal, with the lead as the audit event's actor and the reason in its comment. The
 * municipality hears it was withdrawn as asked, the reviewers that their links no longer work.
 */
export async function withdrawOnRequest(
  applicationId: string,
  lead: string,
  reason: string,
  now = new Date(),
): Promise<{ applicationId: string; status: 'WITHDRAWN' }> {
  const read = async () => {
    const app = await getApplication(applicationId);
    if (!app) throw new NotFoundError('Unknown application');
    return app;
  };
  const app = await read();
  refuseUnlessWithdrawable(app);
  return withdraw(
    app,
    read,
    { actor: lead, comment: `Trukket av prosjektleder etter ønske fra kommunen: ${reason}` },
    now,
  );
}

async function withdraw(
  first: ApplicationItem,
  read: () => Promise<ApplicationItem>,
  audit: { actor: string; comment: string },
  now: Date,
): Promise<{ applicationId: string; status: 'WITHDRAWN' }> {
  let app = first;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) {
      app = await read();
      refuseUnlessWithdrawable(app);
    }
    const plan = await planFor(app, now);
    if (!plan) continue;
    const written = await transact({
      application: withdrawByMunicipalityPart(app, now),
      waiting: plan.waiting,
      audit: auditPut(auditEvent(app.applicationId, 'withdrawn', audit.actor, now, audit.comment)),
      notice: pendingNoticePart(app.applicationId, 'withdrawn', now),
      // Reviewers who had a link hear that it no longer works; before any round nobody has one.
      reviewersNotice:
        app.reviewRound > 0
          ? pendingNoticePart(app.applicationId, 'withdrawn-reviewers', now)
          : undefined,
    });
    if (!written.ok) continue;
    logger.info("application withdrawn on the municipality's request", {
      applicationId: app.applicationId,
      from: app.status,
    });
    await plan.handOver?.();
    return { applicationId: app.applicationId, status: 'WITHDRAWN' };
  }
  throw new ConflictError([
    {
      path: '',
      code: 'changed-meanwhile',
      message: 'Søknaden ble endret mens du trakk den. Last inn siden på nytt og prøv igjen.',
    },
  ]);
}

/** Whether the status page offers the withdrawal. */
export function canWithdraw(app: Pick<ApplicationItem, 'status'>): boolean {
  return WITHDRAWABLE_STATUSES.includes(app.status);
}

function refuseUnlessWithdrawable(app: ApplicationItem): void {
  if (canWithdraw(app)) return;
  const error: FieldError =
    app.status === 'WITHDRAWN'
      ? { path: '', code: 'already-withdrawn', message: 'Søknaden er allerede trukket.' }
      : {
          path: '',
          code: 'already-decided',
          message:
            'Søknaden har fått vedtak og kan ikke trekkes her. Ta kontakt med prosjektleder i programmet.',
        };
  throw new ConflictError([error]);
}

interface Plan {
  /** What the workflow waits on, closed in the same transaction (or checked to be absent). */
  waiting?: TransactItem;
  /** Hands "withdrawn" to the waiting task; the daily run retries it from the item's timer. */
  handOver?: () => Promise<void>;
}

/** What the withdrawal closes, by the status it was read in; undefined: read again. */
async function planFor(app: ApplicationItem, now: Date): Promise<Plan | undefined> {
  const id = app.applicationId;
  switch (app.status) {
    case 'AWAITING_CONTACT':
      return {
        waiting: closeContactVerificationPart(id, 'withdrawn', now),
        handOver: () =>
          handOverOrLeaveToTimer(CONTACT_VERIFICATIONS, keys.contactVerification(id), id),
      };
    case 'IN_REVIEW': {
      const round = await getReviewRound(id, app.reviewRound);
      // No open round: amended, and the next round not yet opened. The application's own
      // condition (its round) stops that round from opening after this, and "Request review"
      // then finds it withdrawn.
      if (round?.status !== 'OPEN') return {};
      return {
        waiting: withdrawReviewRoundPart(id, round.round, now),
        handOver: () =>
          handOverOrLeaveToTimer(REVIEW_ROUNDS, keys.reviewRound(id, round.round), id),
      };
    }
    case 'CHANGES_REQUESTED': {
      const request = await getChangeRequest(id, app.reviewRound);
      // The request not written yet: the withdrawal holds only if it still is not, and "Request
      // changes" then finds the application withdrawn.
      if (!request) return { waiting: noChangeRequestPart(id, app.reviewRound) };
      if (request.status !== 'OPEN') return undefined;
      return {
        waiting: closeChangeRequestPart(id, request.round, 'withdrawn', now),
        handOver: () =>
          handOverOrLeaveToTimer(CHANGE_REQUESTS, keys.changeRequest(id, request.round), id),
      };
    }
    default:
      // SUBMITTED: no task waits on an item yet; "Request review" finds it withdrawn.
      return {};
  }
}
