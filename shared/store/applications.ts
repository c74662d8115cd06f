// Application items: written once at submission, then moved through their statuses by conditional
// updates, each inside the transaction of the step that moves it.

import type { Application } from '../domain/application.js';
import { APPLICATION_GRANT_MOVES, type ApplicationStatus } from '../domain/review.js';
import {
  TIMER_FIELDS,
  keys,
  programmeIndexAttributes,
  timerAttributes,
  type ApplicationItem,
  type ApplicationVersionItem,
} from './items.js';
import {
  conditionPart,
  getItem,
  putNewPart,
  update,
  updatePart,
  type TransactItem,
} from './table.js';
import { moveCondition } from './moves.js';

export async function getApplication(applicationId: string): Promise<ApplicationItem | undefined> {
  return getItem<ApplicationItem>(keys.application(applicationId));
}

/** Creates the application; refused if its id exists. */
export function createApplicationPart(item: ApplicationItem): TransactItem {
  return putNewPart({
    ...item,
    ...programmeIndexAttributes(
      item.programme,
      'application',
      `${item.submittedAt}#${item.applicationId}`,
    ),
  } as ApplicationItem & Record<string, unknown>);
}

/**
 * Moves the application into review round `round`, unless another attempt already did. The workflow
 * runs by now, so the application's "start" timer has done its work.
 */
export function beginReviewRoundPart(
  app: Pick<ApplicationItem, 'applicationId' | 'reviewRound'>,
  round: number,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(app.applicationId),
    set: { reviewRound: round, status: 'IN_REVIEW', updatedAt: now.toISOString() },
    remove: TIMER_FIELDS,
    // Not once withdrawn: the municipality may withdraw before its review is asked for.
    condition: 'reviewRound = :previous AND #status IN (:submitted, :inReview)',
    names: { '#status': 'status' },
    values: { ':previous': app.reviewRound, ':submitted': 'SUBMITTED', ':inReview': 'IN_REVIEW' },
  });
}

/** Records a decision's status, only while the application is in review of this very round. */
export function decideApplicationPart(
  applicationId: string,
  round: number,
  status: ApplicationStatus,
  now: Date,
  positionsApproved?: number,
): TransactItem {
  return updatePart({
    key: keys.application(applicationId),
    set: {
      status,
      updatedAt: now.toISOString(),
      ...(positionsApproved !== undefined && { positionsApproved }),
    },
    condition: '#status = :inReview AND reviewRound = :round',
    names: { '#status': 'status' },
    values: { ':inReview': 'IN_REVIEW', ':round': round },
  });
}

/** Replaces the content and returns it to review, only from the version the amendment was made on. */
export function amendApplicationPart(
  app: Pick<ApplicationItem, 'applicationId' | 'version'>,
  application: Application,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(app.applicationId),
    set: {
      application,
      version: app.version + 1,
      status: 'IN_REVIEW',
      updatedAt: now.toISOString(),
    },
    condition: '#status = :changesRequested AND version = :version',
    names: { '#status': 'status' },
    values: { ':changesRequested': 'CHANGES_REQUESTED', ':version': app.version },
  });
}

/**
 * Keeps the content an amendment replaces, under the version it was; beside
 * `amendApplicationPart` in the amendment's transaction, so no version is lost or kept twice.
 */
export function keepReplacedVersionPart(
  app: Pick<ApplicationItem, 'applicationId' | 'version' | 'application'>,
  now: Date,
): TransactItem {
  const item: ApplicationVersionItem = {
    ...keys.applicationVersion(app.applicationId, app.version),
    applicationId: app.applicationId,
    version: app.version,
    application: app.application,
    replacedAt: now.toISOString(),
  };
  return putNewPart(item as ApplicationVersionItem & Record<string, unknown>);
}

/** Withdraws an application that still waits for changes. */
export function withdrawApplicationPart(applicationId: string, now: Date): TransactItem {
  return updatePart({
    key: keys.application(applicationId),
    set: { status: 'WITHDRAWN', updatedAt: now.toISOString() },
    condition: '#status = :changesRequested',
    names: { '#status': 'status' },
    values: { ':changesRequested': 'CHANGES_REQUESTED' },
  });
}

/**
 * The municipality withdraws its application: only from the status and review round the caller
 * saw, so a decision, a confirmation or a new round in between refuses it (the caller reads again).
 */
export function withdrawByMunicipalityPart(
  app: Pick<ApplicationItem, 'applicationId' | 'status' | 'reviewRound'>,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(app.applicationId),
    set: { status: 'WITHDRAWN', withdrawnBy: 'municipality', updatedAt: now.toISOString() },
    condition: '#status = :seen AND reviewRound = :round',
    names: { '#status': 'status' },
    values: { ':seen': app.status, ':round': app.reviewRound },
  });
}

/** Refuses its transaction unless the application still has this status. */
export function applicationStatusIsPart(applicationId: string, status: ApplicationStatus) {
  return conditionPart({
    key: keys.application(applicationId),
    condition: '#status = :status',
    names: { '#status': 'status' },
    values: { ':status': status },
  });
}

/**
 * Moves an approved application along with its grant: ACTIVE once the grant is written, then
 * ENDED or COMPLETED as the grant is. Only from the status before, in the grant's own transaction,
 * which its own condition already makes happen once.
 */
export function followGrantPart(
  applicationId: string,
  to: Extract<ApplicationStatus, 'ACTIVE' | 'ENDED' | 'COMPLETED'>,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(applicationId),
    set: { status: to, updatedAt: now.toISOString() },
    ...moveCondition(APPLICATION_GRANT_MOVES, to),
  });
}

/** Clears the "start" timer the daily run acted on, unless it has been moved meanwhile. */
export async function clearStartTimer(app: Pick<ApplicationItem, 'pk' | 'sk' | 'gsi1sk'>) {
  return update({
    key: { pk: app.pk, sk: app.sk },
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': app.gsi1sk },
  });
}

/**
 * Counts one more resume of the review, from the count the caller saw, and sets the "start" timer
 * so the daily run starts the resumed execution should this caller die first. Conditional, so two
 * resumes at once cannot both start an execution: the second is refused.
 */
export async function claimResume(
  app: Pick<ApplicationItem, 'applicationId' | 'executionResumes'>,
  next: number,
  now: Date,
): Promise<boolean> {
  const key = keys.application(app.applicationId);
  const previous = app.executionResumes;
  return update({
    key,
    set: {
      executionResumes: next,
      timerStage: 'start',
      updatedAt: now.toISOString(),
      ...timerAttributes(now, key),
    },
    condition:
      previous === undefined
        ? 'attribute_not_exists(executionResumes)'
        : 'executionResumes = :seen',
    ...(previous !== undefined && { values: { ':seen': previous } }),
  });
}

/**
 * Ends the wait for the contact: SUBMITTED once the address is confirmed (the workflow then asks
 * for the review), WITHDRAWN when the deadline passed. Only from AWAITING_CONTACT.
 */
export function settleContactWaitPart(
  applicationId: string,
  to: 'SUBMITTED' | 'WITHDRAWN',
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(applicationId),
    set: { status: to, updatedAt: now.toISOString() },
    condition: '#status = :awaiting',
    names: { '#status': 'status' },
    values: { ':awaiting': 'AWAITING_CONTACT' },
  });
}

/**
 * The lead changes the application's contact: the application with its new contact, a new status
 * secret (the old status link stops working), and the count of changes, which numbers the
 * change's e-mails. Conditional on the secret as read: of two changes at once, one is refused.
 */
export function changeContactPart(
  app: Pick<ApplicationItem, 'applicationId' | 'application' | 'statusSecret'>,
  next: {
    contact: ApplicationItem['application']['contact'];
    statusSecret: string;
    contactChanges: number;
    previousContactEmail: string;
  },
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.application(app.applicationId),
    set: {
      application: { ...app.application, contact: next.contact },
      statusSecret: next.statusSecret,
      contactChanges: next.contactChanges,
      previousContactEmail: next.previousContactEmail,
      updatedAt: now.toISOString(),
    },
    condition: 'statusSecret = :seen',
    values: { ':seen': app.statusSecret },
  });
}
