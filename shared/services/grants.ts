// The grant an approved application becomes: written once with its yearly plan by the review's
// "Create grant" step, ended early by a year's confirmation (or its absence), completed when its
// last year is paid.

import { osloDateOf } from '../domain/calendar.js';
import {
  canMoveInstalment,
  paymentWorkflowStartsAt,
  planGrant,
  type GrantPlan,
  instalmentOf,
} from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { programmeForApplication } from './programme-settings.js';
import { logger } from '../adapters/logger.js';
import { sendMail } from '../adapters/mail.js';
import { WorkflowDataError } from '../errors.js';
import { grantEndedFinanceMessage } from '../mail/to-finance.js';
import { grantEndedLeadMessage } from '../mail/to-lead.js';
import { grantEndedMessage } from '../mail/to-municipality.js';
import { followGrantPart, getApplication } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import { getConfirmation } from '../store/confirmations.js';
import {
  completeGrantPart,
  createGrantPart,
  createInstalmentPart,
  endGrantPart,
  getGrant,
  getInstalment,
  listInstalments,
  moveInstalment,
} from '../store/grants.js';
import {
  keys,
  timerAttributes,
  type GrantEndReason,
  type GrantItem,
  type InstalmentItem,
} from '../store/items.js';
import { type GrantNotice, noticeSentPart, noticeWasSent } from '../store/notices.js';
import { getReviewRound } from '../store/review-rounds.js';
import { transact } from '../store/table.js';

/**
 * The "Create grant" step: the grant and one instalment per year, from the approval the review
 * recorded, in one transaction. Keyed by the application, so a retried step finds it written.
 */
export async function createGrant(applicationId: string, now = new Date()): Promise<GrantItem> {
  const existing = await getGrant(applicationId);
  if (existing) return existing;
  const app = await getApplication(applicationId);
  if (!app) throw new WorkflowDataError(`No application ${applicationId}`);
  const decision = (await getReviewRound(applicationId, app.reviewRound))?.decision;
  if (app.status !== 'APPROVED' || decision?.decision !== 'approve') {
    throw new WorkflowDataError(`Application ${applicationId} has no approval to make a grant of`);
  }
  // The plan follows the terms of the application's own round (its egenandel, its maximum), so a
  // later round with other terms changes nothing here.
  const { programme } = await programmeForApplication(app);
  const plan = planGrant({
    programme,
    decidedAt: new Date(decision.at),
    positions: decision.positionsApproved ?? app.application.positionsRequested,
    yearlyAmountPerPosition: decision.yearlyAmount ?? programme.grantPerPositionPerYear,
    candidate: app.application.candidate,
  });
  const grant: GrantItem = {
    ...keys.grant(applicationId),
    applicationId,
    programme: programme.id,
    roundId: app.roundId,
    municipality: {
      number: app.application.municipality.municipalityNumber,
      name: app.application.municipality.name,
      organisationNumber: app.application.municipality.organisationNumber,
    },
    contactEmail: app.application.contact.email,
    positions: plan.positions,
    employmentModel: app.application.employmentModel,
    yearlyAmountPerPosition: plan.yearlyAmountPerPosition,
    egenandelPerPosition: plan.egenandelPerPosition,
    startDate: plan.startDate,
    years: plan.years,
    status: 'ACTIVE',
    createdAt: now.toISOString(),
  };
  const instalments = plan.instalments.map((planned): InstalmentItem => {
    const key = keys.instalment(applicationId, planned.year);
    return {
      ...key,
      applicationId,
      programme: programme.id,
      year: planned.year,
      years: plan.years,
      dueDate: planned.dueDate,
      grant: planned.grant,
      egenandel: planned.egenandel,
      net: planned.net,
      status: 'SCHEDULED',
      updatedAt: now.toISOString(),
      // The daily run starts each year's payment workflow; year 1 at its first run from now.
      timerStage: 'start',
      ...timerAttributes(paymentWorkflowStartsAt(planned, programme, now), key),
    };
  });
  const written = await transact({
    grant: createGrantPart(grant),
    application: followGrantPart(applicationId, 'ACTIVE', now),
    audit: auditPut(
      auditEvent(applicationId, 'grant-created', SYSTEM_ACTOR, now, planSummary(plan)),
    ),
    ...Object.fromEntries(instalments.map((i) => [`year${i.year}`, createInstalmentPart(i)])),
  });
  if (!written.ok) {
    // A concurrent attempt wrote it first.
    const winner = await getGrant(applicationId);
    if (winner) return winner;
    throw new WorkflowDataError(`The grant of ${applicationId} could not be written`);
  }
  logger.info('grant created', { applicationId, years: plan.years });
  return grant;
}

function planSummary(plan: GrantPlan): string {
  return `${plan.years} år fra ${plan.startDate}, ${plan.instalments[0]?.net ?? 0} kr per år til utbetaling`;
}

/** The grant and its instalments by year, for the status page; undefined before approval. */
export async function readGrant(
  applicationId: string,
): Promise<{ grant: GrantItem; instalments: InstalmentItem[] } | undefined> {
  const grant = await getGrant(applicationId);
  if (!grant) return undefined;
  const instalments = await listInstalments(applicationId);
  return { grant, instalments: instalments.sort((a, b) => a.year - b.year) };
}

export async function loadGrant(applicationId: string): Promise<GrantItem> {
  const grant = await getGrant(applicationId);
  if (!grant) throw new WorkflowDataError(`No grant for ${applicationId}`);
  return grant;
}

export async function loadInstalment(applicationId: string, year: number): Promise<InstalmentItem> {
  const instalment = await getInstalment(applicationId, year);
  if (!instalment) throw new WorkflowDataError(`No instalment ${year} of ${applicationId}`);
  return instalment;
}

/**
 * The "End grant" step: the year's confirmation said the position ended, or never came. This year
 * and every later one still unpaid are cancelled (this year's workflow pays nothing), the grant is
 * ENDED with its date and reason, and finance, the lead and the municipality are told, each once.
 */
export async function endGrant(applicationId: string, year: number, now = new Date()) {
  const grant = await loadGrant(applicationId);
  const confirmation = await getConfirmation(applicationId, year);
  const answer = confirmation?.answer;
  const reason: GrantEndReason = answer?.status === 'ended' ? 'position-ended' : 'unconfirmed';
  const endedOn = answer?.status === 'ended' ? answer.endDate : osloDateOf(now);

  // The instalments first: a grant that reads ENDED has nothing left to pay.
  const cancelled: InstalmentItem[] = [];
  for (const instalment of await listInstalments(applicationId)) {
    if (instalment.year < year) continue;
    if (await moveInstalment(applicationId, instalment.year, 'CANCELLED', now)) {
      await recordEvent(
        auditEvent(
          applicationId,
          'instalment-cancelled',
          SYSTEM_ACTOR,
          now,
          `År ${instalment.year}`,
        ),
      );
    }
    if (instalment.status === 'CANCELLED' || canMoveInstalment(instalment.status, 'CANCELLED')) {
      cancelled.push(instalment);
    }
  }
  if (grant.status === 'ACTIVE') {
    await transact({
      grant: endGrantPart(applicationId, endedOn, reason, now),
      application: followGrantPart(applicationId, 'ENDED', now),
      audit: auditPut(
        auditEvent(applicationId, 'grant-ended', SYSTEM_ACTOR, now, endReasonText(reason, endedOn)),
      ),
    });
  }
  const ended = await loadGrant(applicationId);

  const programme = PROGRAMMES[grant.programme];
  const facts = {
    programme,
    applicationId,
    municipalityName: grant.municipality.name,
    organisationNumber: grant.municipality.organisationNumber,
    endedOn: ended.endedOn ?? endedOn,
    reason: ended.endReason ?? reason,
    cancelled: cancelled.map(instalmentOf),
  };
  await mailOnce(applicationId, 'grant-ended-finance', [programme.people.finance], () =>
    grantEndedFinanceMessage(facts),
  );
  await mailOnce(applicationId, 'grant-ended-lead', [programme.people.lead], () =>
    grantEndedLeadMessage(facts),
  );
  await mailOnce(applicationId, 'grant-ended-municipality', [grant.contactEmail], () =>
    grantEndedMessage(facts),
  );
  logger.info('grant ended', { applicationId, year, reason });
}

function endReasonText(reason: GrantEndReason, endedOn: string): string {
  return reason === 'position-ended'
    ? `Stillingen ble avsluttet ${endedOn}`
    : `Ikke bekreftet innen fristen (${endedOn})`;
}

/**
 * After a year is paid: once every instalment is paid or cancelled, an active grant is COMPLETED.
 * Answers whether the grant is complete now.
 */
export async function completeGrantIfDone(applicationId: string, now: Date): Promise<boolean> {
  const grant = await loadGrant(applicationId);
  if (grant.status === 'COMPLETED') return true;
  if (grant.status !== 'ACTIVE') return false;
  const instalments = await listInstalments(applicationId);
  const done = instalments.every((i) => i.status === 'PAID' || i.status === 'CANCELLED');
  if (!done || !instalments.some((i) => i.status === 'PAID')) return false;
  await transact({
    grant: completeGrantPart(applicationId, now),
    application: followGrantPart(applicationId, 'COMPLETED', now),
    audit: auditPut(auditEvent(applicationId, 'grant-completed', SYSTEM_ACTOR, now)),
  });
  return true;
}

/**
 * Sends an e-mail of a grant once: a marker item records it after it has gone, so a retried step
 * does not mail again (a crash between the two can repeat it, never lose it).
 */
export async function mailOnce(
  applicationId: string,
  kind: GrantNotice,
  to: readonly string[],
  compose: () => Parameters<typeof sendMail>[1],
  now = new Date(),
): Promise<void> {
  if (await noticeWasSent(applicationId, kind)) return;
  await sendMail(to, compose());
  await transact({ marker: noticeSentPart(applicationId, kind, now) });
}
