// Requests for changes: the municipality gets a link to amend its application; an amendment sends
// it back to review, silence past the deadline withdraws it.

import { validateApplication } from '../domain/application.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { programmeForApplication } from './programme-settings.js';
import { changesDeadline } from '../domain/review.js';
import { logger } from '../adapters/logger.js';
import { resumeTask } from '../adapters/workflow.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import { changesRequestedMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import {
  amendApplicationPart,
  applicationStatusIsPart,
  getApplication,
  keepReplacedVersionPart,
  withdrawApplicationPart,
} from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import {
  closeChangeRequestPart,
  createChangeRequestPart,
  getChangeRequest,
  markChangeRequestNotified,
} from '../store/change-requests.js';
import {
  keys,
  timerAttributes,
  type ApplicationItem,
  type ChangeRequestItem,
  type LinkItem,
} from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { transact } from '../store/table.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { STOPPED_REVIEW } from './resume.js';
import { loadApplication } from './reviews.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
  type WhenNotWaiting,
} from './waiting-task.js';
import { deliverMail } from './mailing.js';
import { programmeLead } from './staff-register.js';

/** Change requests wait for an amendment or a withdrawal; the outcome is the task's answer. */
export const CHANGE_REQUESTS: WaitingTaskFamily<ChangeRequestItem> = {
  name: 'change request',
  answerOf: (request) => (request.outcome ? { outcome: request.outcome } : undefined),
  stopped: STOPPED_REVIEW,
};

/**
 * The "Request changes" task: records the request under the round that made it and mails the link.
 * A retried attempt (with a new token) takes the request over, as "Request review" does its round.
 */
export async function requestChanges(
  applicationId: string,
  taskToken: string,
  comment: string,
  now = new Date(),
): Promise<void> {
  const app = await loadApplication(applicationId);
  const key = keys.changeRequest(applicationId, app.reviewRound);
  let request = await getChangeRequest(applicationId, app.reviewRound);
  if (!request) {
    const deadline = changesDeadline(now, PROGRAMMES[app.programme]);
    const fresh: ChangeRequestItem = {
      ...key,
      applicationId,
      round: app.reviewRound,
      taskToken,
      status: 'OPEN',
      comment,
      requestedAt: now.toISOString(),
      deadline: deadline.toISOString(),
      timerStage: 'withdraw',
      ...timerAttributes(deadline, key),
    };
    // Only while the application waits for changes: the municipality may withdraw it before its
    // request is written, and then there is nothing to ask for (nor any link to mail).
    const written = await transact({
      request: createChangeRequestPart(fresh),
      application: applicationStatusIsPart(applicationId, 'CHANGES_REQUESTED'),
    });
    if (!written.ok && !written.failed.includes('request')) {
      await resumeTask(taskToken, { outcome: 'withdrawn' });
      logger.info('changes not requested: withdrawn by the municipality', { applicationId });
      return;
    }
    request = written.ok ? fresh : await getChangeRequest(applicationId, app.reviewRound);
  }
  if (!request)
    throw new WorkflowDataError(
      `Change request of round ${app.reviewRound} of ${applicationId} vanished`,
    );
  request = await takeOverTask(CHANGE_REQUESTS, key, request, taskToken);
  // Amended or withdrawn while this task was retried: its outcome goes to the new token.
  if (request.outcome) return handOverChangeOutcome(applicationId, request.round);
  if (request.notifiedAt) return;

  const contact = app.application.contact.email;
  const linkToken = await issueLink({
    purpose: 'amend',
    applicationId,
    round: request.round,
    holder: contact,
    expiresAt: new Date(request.deadline),
  });
  await deliverMail(
    {
      to: [contact],
      message: changesRequestedMessage({
        applicationId,
        programme: PROGRAMMES[app.programme],
        lead: await programmeLead(app.programme),
        municipalityName: app.application.municipality.name,
        comment: request.comment,
        amendUrl: publicUrls.amend(linkToken),
        deadline: request.deadline,
      }),
      programme: app.programme,
      applicationId,
    },
    now,
  );
  await markChangeRequestNotified(applicationId, request.round, now);
  logger.info('changes requested', { applicationId, round: request.round });
  await recordEvent(
    auditEvent(
      applicationId,
      'municipality-notified',
      SYSTEM_ACTOR,
      now,
      'Anmodning om endringer sendt',
    ),
  );
}

export interface AmendmentContext {
  link: LinkItem;
  request: ChangeRequestItem;
  app: ApplicationItem;
}

/** What an amendment link shows. Reads only. */
export async function openAmendment(token: string, now = new Date()): Promise<AmendmentContext> {
  const link = await resolveLink(token, 'amend');
  const [request, app] = await Promise.all([
    getChangeRequest(link.applicationId, link.round),
    getApplication(link.applicationId),
  ]);
  if (!request || !app)
    throw new WorkflowDataError(`Link to a missing change request of ${link.applicationId}`);
  if (request.status === 'AMENDED') throw alreadyAmended();
  if (request.status === 'WITHDRAWN' || hasExpired(link, now))
    throw new GoneError('Amendment deadline passed');
  return { link, request, app };
}

function alreadyAmended(): ConflictError {
  return new ConflictError([
    {
      path: '',
      code: 'already-amended',
      message: 'Søknaden er allerede endret og sendt inn på nytt. Lenken kan bare brukes én gang.',
    },
  ]);
}

/** Replaces the application's content, validated like a new one, and returns it to review. */
export async function amendApplication(
  token: string,
  input: unknown,
  now = new Date(),
): Promise<{ applicationId: string }> {
  const { link, request, app } = await openAmendment(token, now);
  // The programme and the municipality are what the round's capacity was counted against.
  const candidate =
    typeof input === 'object' && input !== null ? { ...input, programme: app.programme } : input;
  // Its own round's terms (the cap per municipality), whatever later rounds say.
  const { programme: running } = await programmeForApplication(app);
  const validation = validateApplication(candidate, running);
  if (!validation.ok) throw new ValidationError(validation.errors);
  if (validation.application.municipality.municipalityNumber !== app.municipalityNumber) {
    throw new ValidationError([
      {
        path: 'municipality.municipalityNumber',
        code: 'changed',
        message: 'Kommunen kan ikke byttes i en endret søknad.',
      },
    ]);
  }

  const written = await transact({
    request: closeChangeRequestPart(app.applicationId, request.round, 'amended', now),
    link: spendLinkPart(link, now),
    application: amendApplicationPart(app, validation.application, now),
    replaced: keepReplacedVersionPart(app, now),
    audit: auditPut(auditEvent(app.applicationId, 'amended', link.holder, now)),
  });
  if (!written.ok) throw alreadyAmended();
  logger.info('application amended', { applicationId: app.applicationId, round: request.round });
  await handOverOrLeaveToTimer(
    CHANGE_REQUESTS,
    keys.changeRequest(app.applicationId, request.round),
    app.applicationId,
  );
  return { applicationId: app.applicationId };
}

/** Withdraws an application whose change request went unanswered past its deadline. */
export async function withdrawUnanswered(request: ChangeRequestItem, now: Date): Promise<void> {
  const written = await transact({
    request: closeChangeRequestPart(request.applicationId, request.round, 'withdrawn', now),
    application: withdrawApplicationPart(request.applicationId, now),
    audit: auditPut(
      auditEvent(
        request.applicationId,
        'withdrawn',
        SYSTEM_ACTOR,
        now,
        'Ikke besvart innen fristen',
      ),
    ),
  });
  // A refused condition means it was amended or withdrawn meanwhile; either way there is nothing to do.
  if (!written.ok) return;
  logger.info('application withdrawn: changes not made in time', {
    applicationId: request.applicationId,
    round: request.round,
  });
  // Only the daily run withdraws: it may look at the execution, and resume it if it stopped.
  await handOverChangeOutcome(request.applicationId, request.round, 'check-execution', now);
}

/** Gives the change request's outcome to its waiting workflow task, once. Safe to call again. */
export async function handOverChangeOutcome(
  applicationId: string,
  round: number,
  whenNotWaiting: WhenNotWaiting = 'leave-to-timer',
  now = new Date(),
): Promise<void> {
  await handOverAnswer(
    CHANGE_REQUESTS,
    keys.changeRequest(applicationId, round),
    now,
    whenNotWaiting,
  );
}
