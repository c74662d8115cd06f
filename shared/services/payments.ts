// Each year's payment: the instalment becomes ready and waits for finance ("Await payment"), the
// daily run puts it in the programme's finance notification, finance records the payment through
// the notification's link, and the year's workflow then tells the municipality.

import { osloDateOf, startOfOsloDate } from '../domain/calendar.js';
import {
  type FinanceLine,
  type Instalment,
  instalmentOf,
  parsePaymentRecord,
} from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { METRIC_NAMES, recordMetric } from '../adapters/metrics.js';
import {
  annualPaymentExecutionName,
  resumeTask,
  startAnnualPayment,
} from '../adapters/workflow.js';
import { ConflictError, ValidationError, WorkflowDataError } from '../errors.js';
import { paidMessage, paymentScheduledMessage } from '../mail/to-municipality.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import { getFinanceNotification, recordPaymentPart } from '../store/finance-notifications.js';
import {
  clearStartTimer,
  getGrant,
  getInstalments,
  makeInstalmentReady,
  markPaidPart,
} from '../store/grants.js';
import {
  keys,
  type FinanceNotificationItem,
  type GrantItem,
  type InstalmentItem,
  type LinkItem,
  type PositionYear,
} from '../store/items.js';
import { yearNotice } from '../store/notices.js';
import { transact, type TransactItem } from '../store/table.js';
import { completePositionIfDone, loadGrant, loadInstalment, mailOnce } from './grants.js';
import { resolveLink } from './links.js';
import { STOPPED_PAYMENT } from './resume.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
} from './waiting-task.js';
import { programmeLead } from './staff-register.js';

type WaitingInstalment = InstalmentItem & { taskToken: string };

/** What "Await payment" is answered with when its year is cancelled instead of paid. */
export const CANCELLED_ANSWER = { cancelled: true } as const;

/**
 * From "Await payment" on, an instalment waits for finance's payment, which is its answer; or for
 * its cancellation (a position declined by the municipality or ended by the lead before it was
 * sent to finance), which ends the year's workflow ("Cancelled").
 */
export const PAYMENTS: WaitingTaskFamily<WaitingInstalment> = {
  name: 'instalment',
  answerOf: (instalment) => {
    if (instalment.status === 'CANCELLED') return CANCELLED_ANSWER;
    return instalment.status === 'PAID' && instalment.paidOn
      ? { paidOn: instalment.paidOn }
      : undefined;
  },
  // A payment that meets a stopped execution resumes it, so the municipality is still told; a
  // cancelled year has nothing left to tell (the end's own e-mails said it).
  stopped: {
    executionStatus: STOPPED_PAYMENT.executionStatus,
    settle: async (instalment, now) => {
      if (instalment.status !== 'CANCELLED') await STOPPED_PAYMENT.settle(instalment, now);
    },
  },
};

/**
 * The "Await payment" task: the instalment is ready for finance from its due date, bound to this
 * task token; the municipality is told what will be paid and when. A retried attempt takes the
 * instalment over; a payment recorded in between goes to the new token at once.
 */
export async function awaitPayment(
  ref: PositionYear,
  taskToken: string,
  now = new Date(),
): Promise<void> {
  const { applicationId, year } = ref;
  const grant = await loadGrant(applicationId);
  let instalment = await loadInstalment(ref);
  if (instalment.status === 'CANCELLED' && instalment.taskToken !== taskToken) {
    // Cancelled before it was ever ready (its position declined or ended): nothing to wait for.
    await resumeTask(taskToken, CANCELLED_ANSWER);
    return;
  }
  if (!instalment.taskToken) {
    const dueAt = startOfOsloDate(instalment.dueDate);
    // Held by the lead: ready, but left out of finance's notifications until released. Should a
    // hold or release come between the read and this write, the write is refused, and the
    // step's retry reads it again.
    const held = instalment.heldByLead !== undefined;
    if (await makeInstalmentReady(ref, grant.programme, taskToken, dueAt, now, held)) {
      await recordEvent(
        auditEvent(applicationId, 'instalment-ready', SYSTEM_ACTOR, now, yearText(ref)),
      );
    }
    instalment = await loadInstalment(ref);
  }
  if (!instalment.taskToken) {
    throw new WorkflowDataError(`Instalment ${year} of ${applicationId} cannot be made ready`);
  }
  const key = keys.instalment(ref);
  const waiting = await takeOverTask(PAYMENTS, key, instalment as WaitingInstalment, taskToken);
  // Paid, or cancelled by the lead, while an earlier attempt waited: this attempt gets the answer.
  if (waiting.status === 'PAID' || waiting.status === 'CANCELLED') {
    await handOverAnswer(PAYMENTS, key, now);
    return;
  }
  // Held back: the municipality hears it will be paid when the lead releases it.
  if (!waiting.heldByLead) await announcePayment(grant, instalment, now);
  logger.info('instalment ready', { applicationId, position: ref.position, year });
}

/** Tells the municipality the year is about to be paid, once. */
export async function announcePayment(
  grant: GrantItem,
  instalment: InstalmentItem,
  now = new Date(),
): Promise<void> {
  const programme = PROGRAMMES[grant.programme];
  await mailOnce(
    instalment.applicationId,
    yearNotice('payment-scheduled', instalment),
    [grant.contactEmail],
    async () =>
      paymentScheduledMessage({
        ...instalmentOf(instalment),
        programme,
        lead: await programmeLead(grant.programme),
        municipalityName: grant.municipality.name,
      }),
    now,
  );
}

/** "År 2", or "Stilling 2, år 2" for a position after the first, in audit events. */
export function yearText(ref: { position: number; year: number }): string {
  return ref.position === 1 ? `År ${ref.year}` : `Stilling ${ref.position}, år ${ref.year}`;
}

/**
 * The "Notify paid" step: tells the municipality the year is paid; after the last year the grant
 * is COMPLETED, which the same e-mail says.
 */
export async function notifyPaid(ref: PositionYear, now = new Date()) {
  const { applicationId, year } = ref;
  const grant = await loadGrant(applicationId);
  const instalment = await loadInstalment(ref);
  if (instalment.status === 'CANCELLED') {
    // The payment workflow ends a cancelled year at "Cancelled" before this step; an execution
    // started under the definition before that branch existed still arrives here, and stops.
    logger.info('cancelled instalment, nothing paid', {
      applicationId,
      position: ref.position,
      year,
    });
    return;
  }
  const completed = await completePositionIfDone(ref, now);
  await mailOnce(applicationId, yearNotice('paid', ref), [grant.contactEmail], async () =>
    paidMessage({
      programme: PROGRAMMES[grant.programme],
      lead: await programmeLead(grant.programme),
      applicationId,
      municipalityName: grant.municipality.name,
      ...(grant.positions > 1 && { position: ref.position }),
      year,
      years: instalment.years,
      paidOn: instalment.paidOn ?? osloDateOf(now),
      net: instalment.net,
      completed,
    }),
  );
  logger.info('payment notified', { applicationId, position: ref.position, year, completed });
}

/** One line of a finance notification, as its pages and e-mails show it. */
export type PaymentLine = FinanceLine &
  Pick<Instalment, 'status' | 'paidOn'> & {
    /**
     * What the payment form's `instalment` field names: `<applicationId>:<year>` for position 1
     * (as before positions had plans), `<applicationId>:<position>:<year>` for the others.
     */
    id: string;
  };

export function paymentLineId(instalment: PositionYear): string {
  return instalment.position === 1
    ? `${instalment.applicationId}:${instalment.year}`
    : `${instalment.applicationId}:${instalment.position}:${instalment.year}`;
}

/**
 * The notification's rows as it lists them, each with its instalment's state now: only what the
 * notification was written with, nothing joined later.
 */
export async function paymentLines(notification: FinanceNotificationItem): Promise<PaymentLine[]> {
  const rows = notification.instalments;
  const instalments = await getInstalments(rows);
  return rows.map((row, i): PaymentLine => {
    const instalment = instalments[i];
    if (!instalment) throw new WorkflowDataError('Notification lists a missing instalment');
    return {
      ...row,
      id: paymentLineId(row),
      status: instalment.status,
      ...(instalment.paidOn && { paidOn: instalment.paidOn }),
    };
  });
}

export interface PaymentContext {
  link: LinkItem;
  notification: FinanceNotificationItem;
  lines: PaymentLine[];
}

/** What a payment link shows: the notification's instalments and their states. Reads only. */
export async function openPaymentLink(token: string): Promise<PaymentContext> {
  const link = await resolveLink(token, 'payment');
  const notification = await getFinanceNotification(link.applicationId);
  if (!notification) throw new WorkflowDataError('Link to a missing finance notification');
  return { link, notification, lines: await paymentLines(notification) };
}

/**
 * Marks the chosen instalments of a notification paid (default: all still unpaid), in one
 * transaction that also moves the notification's payment count on from what was read: of posts of
 * one link at the same moment, one records and the others are refused (409). Each payment is then
 * handed to its year's waiting workflow.
 */
export async function recordPayment(
  token: string,
  fields: unknown,
  now = new Date(),
): Promise<{ notificationId: string; paid: PaymentLine[] }> {
  const { link, notification, lines } = await openPaymentLink(token);
  const { notificationId } = notification;
  const unpaid = lines.filter((line) => line.status === 'NOTIFIED');
  if (unpaid.length === 0) throw nothingLeftToMark(notificationId);
  const parsed = parsePaymentRecord(
    fields,
    unpaid.map((line) => line.id),
    osloDateOf(now),
    osloDateOf(new Date(notification.createdAt)),
  );
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const { paidOn, instalmentIds } = parsed.value;

  const chosen = unpaid.filter((line) => instalmentIds.includes(line.id));
  const parts: Record<string, TransactItem> = {
    notification: recordPaymentPart(notification, now),
  };
  chosen.forEach((line, i) => {
    parts[`paid:${i}`] = markPaidPart(line, notificationId, paidOn, now);
    parts[`audit:${i}`] = auditPut(
      auditEvent(
        line.applicationId,
        'payment-recorded',
        link.holder,
        now,
        `${yearText(line)}: ${line.net} kr utbetalt ${paidOn} (${notificationId})`,
      ),
    );
  });
  // Refused when another post of the link recorded first (the count moved, or a line is paid).
  if (!(await transact(parts)).ok) throw recordedMeanwhile(notificationId);
  const paid = chosen.map((line) => ({ ...line, status: 'PAID' as const, paidOn }));
  for (const line of paid) {
    await handOverOrLeaveToTimer(PAYMENTS, keys.instalment(line), line.applicationId);
  }
  logger.info('payment recorded', { notificationId, instalments: paid.length });
  const kroner = paid.reduce((sum, line) => sum + line.net, 0);
  recordMetric(METRIC_NAMES.kronerPaid, { programme: notification.programme }, kroner);
  return { notificationId, paid };
}

function recordedMeanwhile(notificationId: string): ConflictError {
  return new ConflictError([
    {
      path: 'instalment',
      code: 'recorded-meanwhile',
      message: `En annen registrering av utbetalinger i varsel ${notificationId} kom samtidig. Åpne lenken på nytt for å se hva som er registrert.`,
    },
  ]);
}

function nothingLeftToMark(notificationId: string): ConflictError {
  return new ConflictError([
    {
      path: 'instalment',
      code: 'nothing-to-mark',
      message: `Alle utbetalingene i varsel ${notificationId} er allerede registrert som utbetalt.`,
    },
  ]);
}

/**
 * The daily run's work on an instalment: start the year's payment workflow when it comes due (the
 * execution is named by grant and year, so a second start is harmless), or hand a recorded payment
 * to it if the request that recorded it could not.
 */
export async function onInstalmentTimer(instalment: InstalmentItem, now: Date): Promise<string> {
  const key = keys.instalment(instalment);
  if (instalment.timerStage === 'resume') {
    await handOverAnswer(PAYMENTS, key, now, 'check-execution');
    return 'handed-over';
  }
  if (instalment.timerStage !== 'start') return 'skipped';
  const grant = await getGrant(instalment.applicationId);
  if (grant?.status !== 'ACTIVE' || instalment.status === 'CANCELLED') {
    await clearStartTimer(instalment);
    return 'skipped';
  }
  await startAnnualPayment(instalment);
  await clearStartTimer(instalment);
  await recordEvent(
    auditEvent(
      instalment.applicationId,
      'payment-started',
      SYSTEM_ACTOR,
      now,
      `${yearText(instalment)} (${annualPaymentExecutionName(instalment)})`,
    ),
  );
  return 'payment-started';
}
