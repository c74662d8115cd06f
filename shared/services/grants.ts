// The grant an approved application becomes: written once with its positions by the review's
// "Create grant" step. Each position lives on its own: a new one waits for its doctor (the start
// link, a reminder, the lapse), a started one is paid year by year, ends early by a confirmation
// (or its absence) or completes with its last year. The grant follows its positions.

import { osloDateOf, type CalendarDate } from '../domain/calendar.js';
import {
  approvedPositions,
  canMoveInstalment,
  grantStatusOf,
  paymentWorkflowStartsAt,
  planGrant,
  planPosition,
  positionLapseReminderAt,
  positionLapsesAt,
  type GrantEndReason,
  type GrantPlan,
  type PlannedInstalment,
  type Position,
  instalmentOf,
  positionOf,
} from '../domain/grant.js';
import { positionsOf } from '../domain/application.js';
import { PROGRAMMES, type Programme } from '../domain/programmes.js';
import { programmeForApplication } from './programme-settings.js';
import { logger } from '../adapters/logger.js';
import type { MailContent } from '../adapters/mail.js';
import { WorkflowDataError } from '../errors.js';
import { grantEndedFinanceMessage } from '../mail/to-finance.js';
import { grantEndedLeadMessage } from '../mail/to-lead.js';
import { grantEndedMessage } from '../mail/to-municipality.js';
import { followGrantPart, getApplication } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import { getConfirmation } from '../store/confirmations.js';
import {
  completeGrantPart,
  completePositionPart,
  createGrantPart,
  createInstalmentPart,
  createPositionPart,
  endGrantPart,
  endPositionPart,
  getGrant,
  getInstalment,
  listInstalments,
  listPositionItems,
  moveInstalment,
} from '../store/grants.js';
import {
  keys,
  timerAttributes,
  type ApplicationItem,
  type GrantItem,
  type InstalmentItem,
  type PositionItem,
  type PositionYear,
} from '../store/items.js';
import { type GrantNotice, noticeSentPart, noticeWasSent } from '../store/notices.js';
import { getReviewRound } from '../store/review-rounds.js';
import { transact, type TransactItem } from '../store/table.js';
import { deliverMail } from './mailing.js';
import { letterForMail } from './letters.js';
import { programmeLead, staffWithRole } from './staff-register.js';

/**
 * The "Create grant" step: the grant, its positions and the started positions' instalments, from
 * the approval the review recorded, in one transaction. Keyed by the application, so a retried
 * step finds it written.
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
  const decidedAt = new Date(decision.at);
  const candidates = positionsOf(app.application).map((p) => p.candidate);
  const plan = planGrant({
    programme,
    decidedAt,
    candidates,
    approved: decision.positionsApproved ?? candidates.length,
    yearlyAmountPerPosition: decision.yearlyAmount ?? programme.grantPerPositionPerYear,
    employmentModel: app.application.employmentModel,
  });
  const started = plan.positions.flatMap((p) => (p.startDate ? [p.startDate] : []));
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
    positions: plan.positions.length,
    employmentModel: app.application.employmentModel,
    yearlyAmountPerPosition: plan.yearlyAmountPerPosition,
    egenandelPerPosition: plan.egenandelPerPosition,
    startDate: started.sort()[0] ?? osloDateOf(positionLapsesAt(decidedAt, programme)),
    years: Math.max(...plan.positions.map((p) => p.years)),
    status: 'ACTIVE',
    decidedAt: decidedAt.toISOString(),
    createdAt: now.toISOString(),
  };
  const positions = plan.positions.map((position) =>
    positionItem(grant, position, decidedAt, programme, now),
  );
  const yearsOf = new Map(plan.positions.map((p) => [p.position, p.years]));
  const instalments = plan.instalments.map((planned) =>
    instalmentItem(grant, planned, yearsOf.get(planned.position) ?? 0, programme, now),
  );
  const written = await transact({
    grant: createGrantPart(grant),
    application: followGrantPart(applicationId, 'ACTIVE', now),
    audit: auditPut(
      auditEvent(applicationId, 'grant-created', SYSTEM_ACTOR, now, planSummary(plan)),
    ),
    ...Object.fromEntries(
      positions.map((p) => [`position${p.position}`, createPositionPart(p, grant.createdAt)]),
    ),
    ...Object.fromEntries(
      instalments.map((i) => [`p${i.position}y${i.year}`, createInstalmentPart(i)]),
    ),
  });
  if (!written.ok) {
    // A concurrent attempt wrote it first.
    const winner = await getGrant(applicationId);
    if (winner) return winner;
    throw new WorkflowDataError(`The grant of ${applicationId} could not be written`);
  }
  logger.info('grant created', { applicationId, positions: positions.length });
  return grant;
}

/**
 * The positions a granted complaint adds to a reduced grant, from `from` + 1 to `to`, as the
 * approval would have made them (each with its own candidate; a doctor already employed starts
 * the first day of next month, a new position awaits its doctor from today), with the started
 * ones' instalments: the parts for the caller's transaction.
 */
export async function addedPositionParts(
  grant: GrantItem,
  app: ApplicationItem,
  to: number,
  now: Date,
): Promise<{ parts: Record<string, TransactItem>; positions: PositionItem[] }> {
  const { programme } = await programmeForApplication(app);
  const candidates = positionsOf(app.application).map((p) => p.candidate);
  const added = approvedPositions({
    programme,
    decidedAt: now,
    candidates,
    approved: to,
    employmentModel: app.application.employmentModel,
  }).slice(grant.positions);
  const positions = added.map((position) => positionItem(grant, position, now, programme, now));
  const instalments = added.flatMap((position) =>
    position.startDate
      ? planPosition({
          position: { ...position, startDate: position.startDate },
          yearlyAmountPerPosition: grant.yearlyAmountPerPosition,
          egenandelPerPosition: grant.egenandelPerPosition,
        }).map((planned) => instalmentItem(grant, planned, position.years, programme, now))
      : [],
  );
  return {
    positions,
    parts: {
      ...Object.fromEntries(
        positions.map((p) => [`position${p.position}`, createPositionPart(p, now.toISOString())]),
      ),
      ...Object.fromEntries(
        instalments.map((i) => [`p${i.position}y${i.year}`, createInstalmentPart(i)]),
      ),
    },
  };
}

function positionItem(
  grant: GrantItem,
  position: Position,
  decidedAt: Date,
  programme: Programme,
  now: Date,
): PositionItem {
  const key = keys.position(grant.applicationId, position.position);
  const waiting = position.status === 'AWAITING_START';
  const remindAt = positionLapseReminderAt(decidedAt, programme);
  return {
    ...key,
    ...position,
    applicationId: grant.applicationId,
    programme: grant.programme,
    roundId: grant.roundId,
    municipalityNumber: grant.municipality.number,
    updatedAt: now.toISOString(),
    ...(position.employmentModel && { startedAs: position.employmentModel }),
    ...(waiting && {
      lapsesAt: positionLapsesAt(decidedAt, programme).toISOString(),
      // The daily run reminds a month before the lapse, then lapses the position.
      timerStage: 'remind' as const,
      ...timerAttributes(remindAt > now ? remindAt : now, key),
    }),
  };
}

/** One year of a started position, as it is stored, with its payment workflow's start timer. */
export function instalmentItem(
  grant: Pick<GrantItem, 'applicationId' | 'programme'>,
  planned: PlannedInstalment,
  years: number,
  programme: Programme,
  now: Date,
): InstalmentItem {
  const key = keys.instalment({ applicationId: grant.applicationId, ...planned });
  return {
    ...key,
    applicationId: grant.applicationId,
    programme: programme.id,
    position: planned.position,
    year: planned.year,
    years,
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
}

function planSummary(plan: GrantPlan): string {
  return plan.positions
    .map((p) =>
      p.startDate
        ? `Stilling ${p.position}: ${p.years} år fra ${p.startDate}`
        : `Stilling ${p.position}: venter på oppstart`,
    )
    .join('; ');
}

/**
 * A grant's positions. A grant written before positions had plans of its own has no position
 * items: it is read as one position 1 with the grant's start, years and model, ended or
 * completed with the grant, or ended when an instalment of it was cancelled.
 */
export async function readPositions(
  grant: GrantItem,
  instalments?: readonly InstalmentItem[],
): Promise<Position[]> {
  const items = await listPositionItems(grant.applicationId);
  if (items.length > 0) return items.map(positionOf);
  const app = await getApplication(grant.applicationId);
  const own = instalments ?? (await listInstalments(grant.applicationId));
  const status =
    grant.status !== 'ACTIVE'
      ? grant.status
      : own.some((i) => i.status === 'CANCELLED')
        ? 'ENDED'
        : 'ACTIVE';
  return [
    {
      position: 1,
      candidate: app?.application.candidate ?? { kind: 'new-position' },
      status,
      startDate: grant.startDate,
      years: grant.years,
      employmentModel: grant.employmentModel,
      ...(grant.endedOn && { endedOn: grant.endedOn }),
      ...(grant.endReason && { endReason: grant.endReason }),
    },
  ];
}

/** The grant, its positions and every instalment, for the status page; undefined before approval. */
export async function readGrant(applicationId: string): Promise<
  | {
      grant: GrantItem;
      positions: Position[];
      instalments: InstalmentItem[];
    }
  | undefined
> {
  const grant = await getGrant(applicationId);
  if (!grant) return undefined;
  const instalments = (await listInstalments(applicationId)).sort(
    (a, b) => a.position - b.position || a.year - b.year,
  );
  return { grant, positions: await readPositions(grant, instalments), instalments };
}

export async function loadGrant(applicationId: string): Promise<GrantItem> {
  const grant = await getGrant(applicationId);
  if (!grant) throw new WorkflowDataError(`No grant for ${applicationId}`);
  return grant;
}

export async function loadInstalment(ref: PositionYear): Promise<InstalmentItem> {
  const instalment = await getInstalment(ref);
  if (!instalment) {
    throw new WorkflowDataError(
      `No instalment ${ref.year} of position ${ref.position} of ${ref.applicationId}`,
    );
  }
  return instalment;
}

/**
 * The "End grant" step, for one position: the year's confirmation said the position ended, or
 * never came. This year and every later one of that position still unpaid are cancelled, the
 * position is ENDED with its date and reason (and the grant with it once no position runs), and
 * finance, the lead and the municipality are told, each once. The other positions go on.
 */
export async function endPosition(ref: PositionYear, now = new Date()) {
  const { applicationId, position, year } = ref;
  const grant = await loadGrant(applicationId);
  const confirmation = await getConfirmation(ref);
  const answer = confirmation?.answer;
  const reason: GrantEndReason = answer?.status === 'ended' ? 'position-ended' : 'unconfirmed';
  const endedOn = answer?.status === 'ended' ? answer.endDate : osloDateOf(now);

  // The instalments first: a position that reads ENDED has nothing left to pay.
  const cancelled: InstalmentItem[] = [];
  for (const instalment of await listInstalments(applicationId)) {
    if (instalment.position !== position || instalment.year < year) continue;
    if (await moveInstalment(instalment, 'CANCELLED', now)) {
      await recordEvent(
        auditEvent(
          applicationId,
          'instalment-cancelled',
          SYSTEM_ACTOR,
          now,
          `${positionText(grant, position)}år ${instalment.year}`,
        ),
      );
    }
    if (instalment.status === 'CANCELLED' || canMoveInstalment(instalment.status, 'CANCELLED')) {
      cancelled.push(instalment);
    }
  }
  const items = await listPositionItems(applicationId);
  if (items.length > 0) {
    await transact({
      position: endPositionPart(applicationId, position, endedOn, reason, now),
      audit: auditPut(
        auditEvent(
          applicationId,
          'position-ended',
          SYSTEM_ACTOR,
          now,
          `${positionText(grant, position)}${endReasonText(reason, endedOn)}`,
        ),
      ),
    });
  }
  await settleGrant(applicationId, now, { endedOn, reason });
  await announcePositionEnd(grant, position, items.length > 0, { endedOn, reason, cancelled });
  logger.info('position ended', { applicationId, position, year, reason });
}

/**
 * Tells finance (the lead where the programme has no finance address), the lead and the
 * municipality that a position (or a grant from before positions) ended, each once: a retry, or
 * the year's own "End grant" step after the lead's end, mails nothing again.
 */
export async function announcePositionEnd(
  grant: GrantItem,
  position: number,
  hasPositionItems: boolean,
  end: { endedOn: CalendarDate; reason: GrantEndReason; cancelled: readonly InstalmentItem[] },
  now = new Date(),
): Promise<void> {
  const { applicationId } = grant;
  const programme = PROGRAMMES[grant.programme];
  const facts = {
    programme,
    lead: await programmeLead(grant.programme),
    applicationId,
    municipalityName: grant.municipality.name,
    organisationNumber: grant.municipality.organisationNumber,
    endedOn: end.endedOn,
    reason: end.reason,
    ...(grant.positions > 1 && { position }),
    cancelled: end.cancelled.map(instalmentOf),
  };
  const notice = (to: 'finance' | 'lead' | 'municipality'): GrantNotice =>
    position === 1 && !hasPositionItems ? `grant-ended-${to}` : `position-ended-p${position}-${to}`;
  const leads = await staffWithRole(grant.programme, 'lead');
  const finance = await staffWithRole(grant.programme, 'finance');
  await mailOnce(
    applicationId,
    notice('finance'),
    finance.length > 0 ? finance : leads,
    () => grantEndedFinanceMessage(facts),
    now,
  );
  await mailOnce(applicationId, notice('lead'), leads, () => grantEndedLeadMessage(facts), now);
  // To the municipality the end is a decision letter, which it may complain of.
  const { endedOn } = end;
  const common = { ...(grant.positions > 1 && { position }), endedOn, cancelled: facts.cancelled };
  await mailOnce(
    applicationId,
    notice('municipality'),
    [grant.contactEmail],
    async () =>
      grantEndedMessage(
        facts,
        await letterForMail(
          applicationId,
          end.reason === 'unconfirmed'
            ? {
                kind: 'unconfirmed',
                ...common,
                endUnconfirmedDaysAfterDue: programme.payments.endUnconfirmedDaysAfterDue,
              }
            : {
                kind: 'position-ended',
                ...common,
                ...(end.reason === 'ended-by-lead' && { byLead: true }),
              },
          0,
          now,
        ),
      ),
    now,
  );
}

function positionText(grant: Pick<GrantItem, 'positions'>, position: number): string {
  return grant.positions > 1 ? `Stilling ${position}: ` : '';
}

export function endReasonText(reason: GrantEndReason, endedOn: string): string {
  switch (reason) {
    case 'position-ended':
      return `Stillingen ble avsluttet ${endedOn}`;
    case 'ended-by-lead':
      return `Avsluttet av prosjektleder fra ${endedOn}`;
    case 'declined':
      return `Kommunen takket nei fra ${endedOn}`;
    case 'unconfirmed':
      return `Ikke bekreftet innen fristen (${endedOn})`;
  }
}

/**
 * The grant follows its positions (`grantStatusOf`): once none runs or waits, it is COMPLETED or
 * ENDED, with the application, in one transaction whose condition makes it happen once. Answers
 * the grant's status now.
 */
export async function settleGrant(
  applicationId: string,
  now: Date,
  ending?: { endedOn: CalendarDate; reason: GrantEndReason },
): Promise<GrantItem['status']> {
  const grant = await loadGrant(applicationId);
  if (grant.status !== 'ACTIVE') return grant.status;
  const positions = await readPositions(grant);
  const status = grantStatusOf(positions);
  if (status === 'ACTIVE') return status;
  const parts: Record<string, TransactItem> = {};
  if (status === 'COMPLETED') {
    parts.grant = completeGrantPart(applicationId, now);
    parts.audit = auditPut(auditEvent(applicationId, 'grant-completed', SYSTEM_ACTOR, now));
  } else {
    const ended = positions
      .filter((p) => p.endedOn)
      .sort((a, b) => (a.endedOn! < b.endedOn! ? 1 : -1))[0];
    const endedOn = ending?.endedOn ?? ended?.endedOn ?? osloDateOf(now);
    const reason = ending?.reason ?? ended?.endReason ?? 'position-ended';
    parts.grant = endGrantPart(applicationId, endedOn, reason, now);
    parts.audit = auditPut(
      auditEvent(applicationId, 'grant-ended', SYSTEM_ACTOR, now, endReasonText(reason, endedOn)),
    );
  }
  parts.application = followGrantPart(applicationId, status, now);
  await transact(parts);
  return status;
}

/**
 * After a position's year is paid: once every instalment of it is paid or cancelled, the position
 * is COMPLETED, and the grant follows. Answers whether the grant is complete now.
 */
export async function completePositionIfDone(
  ref: Pick<PositionYear, 'applicationId' | 'position'>,
  now: Date,
): Promise<boolean> {
  const { applicationId, position } = ref;
  const own = (await listInstalments(applicationId)).filter((i) => i.position === position);
  const done = own.every((i) => i.status === 'PAID' || i.status === 'CANCELLED');
  if (done && own.some((i) => i.status === 'PAID')) {
    const items = await listPositionItems(applicationId);
    if (items.some((p) => p.position === position && p.status === 'ACTIVE')) {
      await transact({
        position: completePositionPart(applicationId, position, now),
        audit: auditPut(
          auditEvent(
            applicationId,
            'position-completed',
            SYSTEM_ACTOR,
            now,
            `Stilling ${position}`,
          ),
        ),
      });
    } else if (items.length === 0) {
      // A grant from before positions had plans: its one position is the grant.
      await transact({
        grant: completeGrantPart(applicationId, now),
        application: followGrantPart(applicationId, 'COMPLETED', now),
        audit: auditPut(auditEvent(applicationId, 'grant-completed', SYSTEM_ACTOR, now)),
      });
    }
  }
  return (await settleGrant(applicationId, now)) === 'COMPLETED';
}

/** A started position's plan, to be written when its start is reported. */
export function startedPositionInstalments(
  grant: GrantItem,
  position: Pick<Position, 'position' | 'years'> & { startDate: CalendarDate },
  now: Date,
): InstalmentItem[] {
  const programme = PROGRAMMES[grant.programme];
  return planPosition({
    position,
    yearlyAmountPerPosition: grant.yearlyAmountPerPosition,
    egenandelPerPosition: grant.egenandelPerPosition,
  }).map((planned) => instalmentItem(grant, planned, position.years, programme, now));
}

/**
 * Sends an e-mail of a grant once: a marker item records it after it has gone, so a retried step
 * does not mail again (a crash between the two can repeat it, never lose it).
 */
export async function mailOnce(
  applicationId: string,
  kind: GrantNotice,
  to: readonly string[],
  compose: () => MailContent | Promise<MailContent>,
  now = new Date(),
): Promise<void> {
  if (await noticeWasSent(applicationId, kind)) return;
  // The application names the programme: a bounce of this e-mail is traced back by its id alone.
  await deliverMail({ to, message: await compose(), applicationId }, now);
  await transact({ marker: noticeSentPart(applicationId, kind, now) });
}
