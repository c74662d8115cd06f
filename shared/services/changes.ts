// Requests for changes: the municipality gets a link to amend its application; an amendment sends
// it back to review, silence past the deadline withdraws it.

import { validateApplication } from '../domain/application.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { changesDeadline } from '../domain/review.js';
import { sendMail } from '../adapters/mail.js';
import { resumeTask } from '../adapters/workflow.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import { changesRequestedMessage } from '../mail/to-municipality.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import {
  TIMER_FIELDS,
  keys,
  timerAttributes,
  type ApplicationItem,
  type ChangeRequestItem,
  type LinkItem,
} from '../store/items.js';
import { getItem, putNew, transact, update, updateParams } from '../store/table.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { handOverOrLeaveToTimer, loadApplication, warnIfNotWaiting } from './reviews.js';

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
  let request = await getItem<ChangeRequestItem>(key);
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
    request = (await putNew(fresh as ChangeRequestItem & Record<string, unknown>))
      ? fresh
      : await getItem<ChangeRequestItem>(key);
  }
  if (request && request.taskToken !== taskToken) {
    await update({
      key,
      set: { taskToken },
      remove: ['resumedAt'],
      condition: 'taskToken = :earlier',
      values: { ':earlier': request.taskToken },
    });
    request = await getItem<ChangeRequestItem>(key);
  }
  if (!request || request.taskToken !== taskToken) {
    throw new WorkflowDataError(
      `Change request of round ${app.reviewRound} of ${applicationId} belongs to another task`,
    );
  }
  // Amended or withdrawn while this task was retried: its outcome goes to the new token.
  if (request.outcome) return handOverChangeOutcome(applicationId, request.round);
  if (request.notifiedAt) return;

  const contact = app.application.contact.email;
  const amendUrl = await issueLink({
    purpose: 'amend',
    applicationId,
    round: request.round,
    holder: contact,
    expiresAt: new Date(request.deadline),
  });
  await sendMail(
    [contact],
    changesRequestedMessage({
      applicationId,
      programme: PROGRAMMES[app.programme],
      municipalityName: app.application.municipality.name,
      comment: request.comment,
      amendUrl,
      deadline: request.deadline,
    }),
  );
  await update({ key, set: { notifiedAt: now.toISOString() } });
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
    getItem<ChangeRequestItem>(keys.changeRequest(link.applicationId, link.round)),
    getItem<ApplicationItem>(keys.application(link.applicationId)),
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
  const validation = validateApplication(candidate);
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

  const at = now.toISOString();
  const requestKey = keys.changeRequest(app.applicationId, request.round);
  const written = await transact([
    {
      Update: updateParams({
        key: requestKey,
        set: {
          status: 'AMENDED',
          outcome: 'amended',
          timerStage: 'resume',
          ...timerAttributes(now, requestKey),
        },
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':open': 'OPEN' },
      }),
    },
    {
      Update: updateParams({
        key: { pk: link.pk, sk: link.sk },
        set: { usedAt: at },
        condition: 'attribute_not_exists(usedAt)',
      }),
    },
    {
      Update: updateParams({
        key: keys.application(app.applicationId),
        set: {
          application: validation.application,
          version: app.version + 1,
          status: 'IN_REVIEW',
          updatedAt: at,
        },
        condition: '#status = :changesRequested AND version = :version',
        names: { '#status': 'status' },
        values: { ':changesRequested': 'CHANGES_REQUESTED', ':version': app.version },
      }),
    },
    auditPut(auditEvent(app.applicationId, 'amended', link.holder, now)),
  ]);
  if (!written.ok) throw alreadyAmended();
  await handOverOrLeaveToTimer(
    () => handOverChangeOutcome(app.applicationId, request.round),
    app.applicationId,
  );
  return { applicationId: app.applicationId };
}

/** Withdraws an application whose change request went unanswered past its deadline. */
export async function withdrawUnanswered(request: ChangeRequestItem, now: Date): Promise<void> {
  const requestKey = keys.changeRequest(request.applicationId, request.round);
  const written = await transact([
    {
      Update: updateParams({
        key: requestKey,
        set: {
          status: 'WITHDRAWN',
          outcome: 'withdrawn',
          timerStage: 'resume',
          ...timerAttributes(now, requestKey),
        },
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':open': 'OPEN' },
      }),
    },
    {
      Update: updateParams({
        key: keys.application(request.applicationId),
        set: { status: 'WITHDRAWN', updatedAt: now.toISOString() },
        condition: '#status = :changesRequested',
        names: { '#status': 'status' },
        values: { ':changesRequested': 'CHANGES_REQUESTED' },
      }),
    },
    auditPut(
      auditEvent(
        request.applicationId,
        'withdrawn',
        SYSTEM_ACTOR,
        now,
        'Ikke besvart innen fristen',
      ),
    ),
  ]);
  // A refused condition means it was amended or withdrawn meanwhile; either way there is nothing to do.
  if (written.ok) await handOverChangeOutcome(request.applicationId, request.round);
}

/** Gives the change request's outcome to its waiting workflow task, once. */
export async function handOverChangeOutcome(applicationId: string, round: number): Promise<void> {
  const key = keys.changeRequest(applicationId, round);
  const request = await getItem<ChangeRequestItem>(key);
  if (!request?.outcome || request.resumedAt) return;
  warnIfNotWaiting(
    await resumeTask(request.taskToken, { outcome: request.outcome }),
    applicationId,
  );
  await update({ key, set: { resumedAt: new Date().toISOString() }, remove: TIMER_FIELDS });
}
