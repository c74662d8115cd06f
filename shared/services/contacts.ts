// The contact confirms the address before review. An application whose contact address has not
// confirmed for the programme waits (AWAITING_CONTACT) in the workflow's "Await contact" task; the
// receipt carries a verify link whose POST confirms the address, counts the application in its
// municipality's day and hands "confirmed" to that task. Unconfirmed at the deadline, the daily run
// withdraws it and hands over "expired": the workflow ends, and no reviewer ever sees it. Nobody
// else is told: the only address the application names is the one that never confirmed.

import { startOfOsloDayAfter, osloDateOf } from '../domain/calendar.js';
import { MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { resumeTask } from '../adapters/workflow.js';
import {
  ConflictError,
  ContactBlockedError,
  GoneError,
  TooManyRequestsError,
  WorkflowDataError,
} from '../errors.js';
import { hashToken } from '../links.js';
import { getApplication, settleContactWaitPart } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import {
  attachFirstTaskToken,
  closeContactVerificationPart,
  confirmContactPart,
  getContactVerification,
} from '../store/contacts.js';
import { countSubmissionPart } from '../store/daily-submissions.js';
import {
  keys,
  type ApplicationItem,
  type ContactItem,
  type ContactVerificationItem,
  type LinkItem,
} from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { transact } from '../store/table.js';
import type { WaitingTaskFields } from '../store/waiting-tasks.js';
import { hasExpired, resolveLink } from './links.js';
import { STOPPED_REVIEW } from './resume.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
  type WhenNotWaiting,
} from './waiting-task.js';

/**
 * The address as the contact records are keyed: its hash, so the table never lists who was
 * written into a form. Case and surrounding space do not make another address.
 */
export function addressHashOf(email: string): string {
  return hashToken(`contact:${email.trim().toLowerCase()}`);
}

/** Whether the address is blocked for the programme: the one reading of the flag. */
export function isBlocked(contact: Pick<ContactItem, 'blocked'> | undefined): boolean {
  return contact?.blocked === true;
}

/** Whether the address has confirmed once for the programme, so it goes straight to review. */
export function hasConfirmed(contact: Pick<ContactItem, 'confirmedAt'> | undefined): boolean {
  return contact?.confirmedAt !== undefined;
}

type WaitingVerification = ContactVerificationItem & WaitingTaskFields;

/** The wait for the contact; its outcome is the "Await contact" task's answer. */
export const CONTACT_VERIFICATIONS: WaitingTaskFamily<WaitingVerification> = {
  name: 'contact verification',
  answerOf: (item) => (item.outcome && item.taskToken ? { outcome: item.outcome } : undefined),
  stopped: STOPPED_REVIEW,
};

/**
 * The "Await contact" task. An application whose contact had confirmed before has no wait: the
 * task answers itself at once. Otherwise the wait takes this attempt's token, and an outcome
 * reached meanwhile (a confirmation before the workflow got here) is handed over now.
 */
export async function awaitContact(applicationId: string, taskToken: string): Promise<void> {
  const key = keys.contactVerification(applicationId);
  let item = (await getContactVerification(applicationId)) as WaitingVerification | undefined;
  if (!item) {
    const app = await getApplication(applicationId);
    if (!app) throw new WorkflowDataError(`No application ${applicationId}`);
    if (app.contactConfirmation === 'required')
      throw new WorkflowDataError(`The contact verification of ${applicationId} vanished`);
    await resumeTask(taskToken, { outcome: 'confirmed' });
    return;
  }
  if (!item.taskToken) {
    await attachFirstTaskToken(key, taskToken);
    item = (await getContactVerification(applicationId)) as WaitingVerification | undefined;
    if (!item) throw new WorkflowDataError(`The contact verification of ${applicationId} vanished`);
  }
  item = await takeOverTask(CONTACT_VERIFICATIONS, key, item, taskToken);
  if (item.outcome) await handOverContactOutcome(applicationId);
}

export interface VerificationContext {
  link: LinkItem;
  app: ApplicationItem;
  verification: ContactVerificationItem;
}

/** What a verify link shows; reads only (e-mail scanners fetch links). */
export async function openVerification(
  token: string,
  now = new Date(),
): Promise<VerificationContext> {
  const link = await resolveLink(token, 'verify');
  const [app, verification] = await Promise.all([
    getApplication(link.applicationId),
    getContactVerification(link.applicationId),
  ]);
  if (!app || !verification)
    throw new WorkflowDataError(`Verify link to a missing application ${link.applicationId}`);
  if (link.usedAt || verification.status === 'CONFIRMED') throw alreadyConfirmed();
  if (verification.status === 'WITHDRAWN') throw new GoneError('Application withdrawn');
  if (verification.status === 'EXPIRED' || hasExpired(link, now))
    throw new GoneError('Contact confirmation deadline passed');
  return { link, app, verification };
}

function alreadyConfirmed(): ConflictError {
  return new ConflictError([
    {
      path: '',
      code: 'already-confirmed',
      message: 'E-postadressen er allerede bekreftet, og søknaden er sendt til vurdering.',
    },
  ]);
}

/**
 * The verify link's POST: one transaction spends the link, closes the wait, moves the application
 * to SUBMITTED, records the address as confirmed for the programme (refused if blocked) and counts
 * the application in its municipality's day (refused when the day is full). Then the workflow is
 * told; should that fail, the daily run tells it.
 */
export async function confirmContact(
  token: string,
  now = new Date(),
): Promise<{ applicationId: string; status: 'SUBMITTED' }> {
  const { link, app, verification } = await openVerification(token, now);
  const written = await transact({
    link: spendLinkPart(link, now),
    verification: closeContactVerificationPart(app.applicationId, 'confirmed', now),
    application: settleContactWaitPart(app.applicationId, 'SUBMITTED', now),
    contact: confirmContactPart(app.programme, verification.addressHash, now),
    submissionsToday: countSubmissionPart(
      app.municipalityNumber,
      osloDateOf(now),
      MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY,
      now,
    ),
    audit: auditPut(auditEvent(app.applicationId, 'contact-confirmed', link.holder, now)),
  });
  if (!written.ok) {
    if (written.failed.includes('contact')) throw new ContactBlockedError('Contact is blocked');
    if (written.failed.includes('link')) throw alreadyConfirmed();
    if (written.failed.includes('verification') || written.failed.includes('application')) {
      const current = await getContactVerification(app.applicationId);
      if (current?.status === 'EXPIRED' || current?.status === 'WITHDRAWN')
        throw new GoneError('Contact confirmation expired or withdrawn');
      throw alreadyConfirmed();
    }
    if (written.failed.includes('submissionsToday')) throw tooManyToday(now);
    throw new Error(`Contact confirmation refused: ${written.failed.join(', ')}`);
  }
  logger.info('contact confirmed', { applicationId: app.applicationId });
  await handOverOrLeaveToTimer(
    CONTACT_VERIFICATIONS,
    keys.contactVerification(app.applicationId),
    app.applicationId,
  );
  return { applicationId: app.applicationId, status: 'SUBMITTED' };
}

/** The municipality's day is full of confirmed applications. */
export function tooManyToday(now: Date): TooManyRequestsError {
  return new TooManyRequestsError(
    [
      {
        path: 'municipality.municipalityNumber',
        code: 'too-many-today',
        message: `Kommunen har allerede sendt ${MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY} søknader i dag. Prøv igjen etter midnatt.`,
      },
    ],
    secondsToOsloMidnight(now),
  );
}

export function secondsToOsloMidnight(now: Date): number {
  const midnight = startOfOsloDayAfter(now, 1);
  return Math.max(1, Math.ceil((midnight.getTime() - now.getTime()) / 1000));
}

/**
 * The daily run's part: at the deadline, an application still unconfirmed is withdrawn, unseen by
 * reviewers; an outcome not yet handed to the workflow is handed over.
 */
export async function onContactVerificationTimer(
  item: ContactVerificationItem,
  now: Date,
): Promise<string> {
  if (item.timerStage === 'resume') {
    await handOverContactOutcome(item.applicationId, 'check-execution', now);
    return 'handed-over';
  }
  if (item.status !== 'OPEN') return 'skipped';
  const written = await transact({
    verification: closeContactVerificationPart(item.applicationId, 'expired', now),
    application: settleContactWaitPart(item.applicationId, 'WITHDRAWN', now),
    audit: auditPut(
      auditEvent(
        item.applicationId,
        'withdrawn',
        SYSTEM_ACTOR,
        now,
        'E-postadressen ble ikke bekreftet innen fristen',
      ),
    ),
  });
  // Refused: confirmed meanwhile; the confirmation hands its own outcome over.
  if (!written.ok) return 'skipped';
  logger.info('application withdrawn: contact address not confirmed in time', {
    applicationId: item.applicationId,
  });
  await handOverContactOutcome(item.applicationId, 'check-execution', now);
  return 'withdrawn-unconfirmed';
}

/** Gives the wait's outcome to the "Await contact" task, once. Safe to call again. */
export async function handOverContactOutcome(
  applicationId: string,
  whenNotWaiting: WhenNotWaiting = 'leave-to-timer',
  now = new Date(),
): Promise<void> {
  await handOverAnswer(
    CONTACT_VERIFICATIONS,
    keys.contactVerification(applicationId),
    now,
    whenNotWaiting,
  );
}
