// Finance notifications: each daily run on or after a due date puts the ready instalments of a
// programme into an e-mail to the programme's finance address, with a CSV and a link to record
// the payment. A notification is sealed when it is written: one transaction writes it with its
// final rows and claims each of their instalments, before any e-mail. Then it is mailed, then
// marked sent. A run first mails a notification an earlier run wrote but did not mark sent (a
// crash, an SES outage), exactly as written; instalments ready since then go into a new one. SES
// has no idempotency key, so a crash right after sending can repeat the e-mail, but only as the
// same notification with the same rows.

import { randomBytes } from 'node:crypto';
import { osloDateOf } from '../domain/calendar.js';
import { financeLineOf, financeReminderAt } from '../domain/grant.js';
import { PROGRAMMES, type ProgrammeId } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { METRIC_NAMES, recordMetric } from '../adapters/metrics.js';
import { WorkflowDataError } from '../errors.js';
import { financeNotificationMessage, financeReminderMessage } from '../mail/to-finance.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import {
  MAX_NOTIFICATION_ROWS,
  clearNotificationTimerPart,
  financeWork,
  getFinanceNotification,
  markNotificationSentParts,
  sealNotificationParts,
  unsentFinanceNotificationId,
} from '../store/finance-notifications.js';
import { claimForNotificationPart, getGrants } from '../store/grants.js';
import {
  keys,
  type FinanceNotificationItem,
  type FinanceNotificationRow,
  type InstalmentItem,
} from '../store/items.js';
import { transact, type TransactItem } from '../store/table.js';
import { issueLink } from './links.js';
import { paymentLines } from './payments.js';
import { deliverMail } from './mailing.js';
import { staffWithRole } from './staff-register.js';

/** How long a payment link works: past any reasonable payment run, and the reminder after it. */
const PAYMENT_LINK_DAYS = 400;

/** Attempts at writing one notification when concurrent runs keep taking its instalments. */
const SEAL_ATTEMPTS = 10;

export interface FinanceOutcome {
  programme: ProgrammeId;
  /** The notifications mailed, oldest first. */
  notificationIds: string[];
  /** The rows they list. */
  instalments: number;
}

/**
 * The programme's notifications of everything due: first any written but not marked sent, as it
 * was written; then the ready instalments, at most MAX_NOTIFICATION_ROWS to a notification.
 */
export async function notifyFinance(
  programme: ProgrammeId,
  now = new Date(),
): Promise<FinanceOutcome> {
  const outcome: FinanceOutcome = { programme, notificationIds: [], instalments: 0 };
  const sent = (notification: FinanceNotificationItem) => {
    outcome.notificationIds.push(notification.notificationId);
    outcome.instalments += notification.instalments.length;
  };
  const { unsent, ready } = await financeWork(programme, now);
  const mailed = unsent && (await sendUnsent(unsent, now));
  if (mailed) sent(mailed);
  for (let at = 0; at < ready.length; at += MAX_NOTIFICATION_ROWS) {
    const notification = await seal(programme, ready.slice(at, at + MAX_NOTIFICATION_ROWS), now);
    if (!notification) continue;
    await send(notification, now);
    sent(notification);
  }
  return outcome;
}

/** Mails a notification that was written but not marked sent. */
async function sendUnsent(
  notificationId: string,
  now: Date,
): Promise<FinanceNotificationItem | undefined> {
  const notification = await getFinanceNotification(notificationId);
  if (!notification)
    throw new WorkflowDataError(`Finance notification ${notificationId} is missing`);
  // Another run may have marked it sent since the pointer was read; it is not mailed again.
  if (notification.status !== 'SEALED') return undefined;
  await send(notification, now);
  return notification;
}

/**
 * Writes a notification of these ready instalments, sealed: in one transaction the notification
 * with its final rows, the programme's pointer to it, and each instalment claimed with its audit
 * event. An instalment another run claimed first, or that is no longer ready, is left out; a
 * notification another run wrote in the meantime is mailed first. Answers undefined when none of
 * the instalments is left to notify.
 */
async function seal(
  programme: ProgrammeId,
  instalments: InstalmentItem[],
  now: Date,
): Promise<FinanceNotificationItem | undefined> {
  let rows = await rowsOf(instalments);
  for (let attempt = 1; rows.length > 0; attempt++) {
    if (attempt > SEAL_ATTEMPTS) {
      throw new Error(`Finance notification of ${programme} could not be written`);
    }
    const notification = newNotification(programme, rows, now);
    const parts: Record<string, TransactItem> = { ...sealNotificationParts(notification) };
    rows.forEach((row, i) => {
      parts[`claim:${i}`] = claimForNotificationPart(row, notification.notificationId, now);
      parts[`audit:${i}`] = auditPut(
        auditEvent(
          row.applicationId,
          'finance-notified',
          SYSTEM_ACTOR,
          now,
          `År ${row.year} (${notification.notificationId})`,
        ),
      );
    });
    const written = await transact(parts);
    if (written.ok) return notification;
    if (written.failed.includes('pointer')) {
      // The pointer itself, not the index, which another run's write may not have reached yet.
      const unsent = await unsentFinanceNotificationId(programme);
      if (unsent) await sendUnsent(unsent, now);
    }
    const refused = new Set(written.failed);
    rows = rows.filter((_, i) => !refused.has(`claim:${i}`));
  }
  return undefined;
}

/** The rows of a notification: each instalment as finance is to pay it, with its municipality. */
async function rowsOf(instalments: InstalmentItem[]): Promise<FinanceNotificationRow[]> {
  const grants = await getGrants(instalments.map((i) => i.applicationId));
  return instalments.map((instalment, i) => {
    const grant = grants[i];
    if (!grant)
      throw new WorkflowDataError(`Instalment of ${instalment.applicationId} has no grant`);
    return financeLineOf(instalment, grant.municipality);
  });
}

function newNotification(
  programme: ProgrammeId,
  rows: FinanceNotificationRow[],
  now: Date,
): FinanceNotificationItem {
  const notificationId = `${PROGRAMMES[programme].idPrefix}-U-${osloDateOf(now).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
  return {
    ...keys.financeNotification(notificationId),
    notificationId,
    programme,
    createdAt: now.toISOString(),
    status: 'SEALED',
    instalments: rows,
    payments: 0,
  };
}

/** Mails a sealed notification, then marks it sent (unless a concurrent run marked it first). */
async function send(notification: FinanceNotificationItem, now: Date): Promise<void> {
  await mailNotification(notification, now);
  const programme = PROGRAMMES[notification.programme];
  const marked = await transact(
    markNotificationSentParts(notification, financeReminderAt(now, programme), now),
  );
  logger.info('finance notified', {
    notificationId: notification.notificationId,
    programme: notification.programme,
    instalments: notification.instalments.length,
  });
  // Counted by the run that marked it sent: a notification mailed twice (a crash) counts once.
  if (marked.ok) {
    const dimensions = { programme: notification.programme };
    recordMetric(METRIC_NAMES.financeNotifications, dimensions);
    const kroner = notification.instalments.reduce((sum, line) => sum + line.net, 0);
    recordMetric(METRIC_NAMES.kronerNotified, dimensions, kroner);
  }
}

async function mailNotification(notification: FinanceNotificationItem, now: Date): Promise<void> {
  const programme = PROGRAMMES[notification.programme];
  // The rows as written: a repeated e-mail of the notification is the same, row for row.
  const lines = notification.instalments;
  // Each person with the finance role gets the notification with a payment link of their own.
  for (const holder of await financeOf(notification)) {
    const token = await paymentLinkToken(notification, holder, now);
    await deliverMail(
      {
        to: [holder],
        message: financeNotificationMessage({
          programme,
          notificationId: notification.notificationId,
          lines,
          paymentUrl: publicUrls.payment(token),
        }),
        programme: notification.programme,
      },
      now,
    );
  }
}

/**
 * Who finance is now (the register). A programme without anyone in the role has its
 * notifications go to the lead instead, so that no payment waits unseen.
 */
async function financeOf(notification: FinanceNotificationItem): Promise<string[]> {
  const finance = await staffWithRole(notification.programme, 'finance');
  return finance.length > 0 ? finance : staffWithRole(notification.programme, 'lead');
}

/** A fresh link for each e-mail to finance: only hashes are kept, so none can be mailed again. */
async function paymentLinkToken(notification: FinanceNotificationItem, holder: string, now: Date) {
  return issueLink({
    purpose: 'payment',
    applicationId: notification.notificationId,
    round: 0,
    holder,
    expiresAt: new Date(now.getTime() + PAYMENT_LINK_DAYS * 86_400_000),
  });
}

/** Fourteen days after a notification: finance is reminded of what it has not yet recorded. */
export async function onFinanceNotificationTimer(
  notification: FinanceNotificationItem,
  now: Date,
): Promise<string> {
  const lines = await paymentLines(notification);
  const unpaid = lines.filter((line) => line.status === 'NOTIFIED');
  if (unpaid.length > 0) {
    const programme = PROGRAMMES[notification.programme];
    for (const holder of await financeOf(notification)) {
      const token = await paymentLinkToken(notification, holder, now);
      await deliverMail(
        {
          to: [holder],
          message: financeReminderMessage({
            programme,
            notificationId: notification.notificationId,
            lines: unpaid,
            sentAt: notification.sentAt ?? notification.createdAt,
            paymentUrl: publicUrls.payment(token),
          }),
          programme: notification.programme,
        },
        now,
      );
    }
  }
  await transact({ timer: clearNotificationTimerPart(notification) });
  return unpaid.length > 0 ? 'finance-reminded' : 'skipped';
}
