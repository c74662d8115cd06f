// Finance notifications: each daily run on or after a due date puts every ready instalment of a
// programme into one e-mail to the programme's finance address, with a CSV and a link to record
// the payment. A notification is a stored record with its own id: written first, then mailed,
// then marked sent. A repeated run (the schedule fired twice, a crash, a retry) finishes the same
// notification; SES has no idempotency key, so a crash right after sending can repeat the e-mail,
// but only as the same notification with the same id.

import { randomBytes } from 'node:crypto';
import { osloDateOf } from '../domain/calendar.js';
import { financeReminderAt } from '../domain/grant.js';
import { PROGRAMMES, type ProgrammeId } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { sendMail } from '../adapters/mail.js';
import { financeNotificationMessage, financeReminderMessage } from '../mail/to-finance.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import {
  addToNotificationPart,
  clearNotificationTimerPart,
  currentFinanceNotificationId,
  getFinanceNotification,
  listReadyInstalments,
  markNotificationSentParts,
  startFinanceNotificationParts,
} from '../store/finance-notifications.js';
import { claimForNotificationPart } from '../store/grants.js';
import { keys, type FinanceNotificationItem } from '../store/items.js';
import { transact } from '../store/table.js';
import { issueLink } from './links.js';
import { paymentLines } from './payments.js';

/** How long a payment link works: past any reasonable payment run, and the reminder after it. */
const PAYMENT_LINK_DAYS = 400;

export interface FinanceOutcome {
  programme: ProgrammeId;
  notificationId?: string;
  instalments: number;
}

/** The programme's one notification of everything due, if anything is. */
export async function notifyFinance(
  programme: ProgrammeId,
  now = new Date(),
): Promise<FinanceOutcome> {
  const ready = await listReadyInstalments(programme, now);
  let notificationId = await currentFinanceNotificationId(programme);
  if (!notificationId) {
    if (ready.length === 0) return { programme, instalments: 0 };
    notificationId = await startNotification(programme, now);
  }
  for (const instalment of ready) {
    // Refused when another notification took the instalment first: it belongs to that one.
    await transact({
      instalment: claimForNotificationPart(instalment, notificationId, now),
      notification: addToNotificationPart(notificationId, {
        applicationId: instalment.applicationId,
        year: instalment.year,
      }),
      audit: auditPut(
        auditEvent(
          instalment.applicationId,
          'finance-notified',
          SYSTEM_ACTOR,
          now,
          `År ${instalment.year} (${notificationId})`,
        ),
      ),
    });
  }
  const notification = await getFinanceNotification(notificationId);
  if (!notification || notification.instalments.length === 0) {
    return { programme, notificationId, instalments: 0 };
  }
  await mailNotification(notification, now);
  await transact(
    markNotificationSentParts(notification, financeReminderAt(now, PROGRAMMES[programme]), now),
  );
  logger.info('finance notified', {
    notificationId,
    programme,
    instalments: notification.instalments.length,
  });
  return { programme, notificationId, instalments: notification.instalments.length };
}

/** Starts the programme's next notification, or finds the one a concurrent run started. */
async function startNotification(programme: ProgrammeId, now: Date): Promise<string> {
  const notificationId = `${PROGRAMMES[programme].idPrefix}-U-${osloDateOf(now).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const notification: FinanceNotificationItem = {
    ...keys.financeNotification(notificationId),
    notificationId,
    programme,
    createdAt: now.toISOString(),
    status: 'OPEN',
    instalments: [],
  };
  const written = await transact(startFinanceNotificationParts(notification));
  if (written.ok) return notificationId;
  const current = await currentFinanceNotificationId(programme);
  if (!current) throw new Error(`Finance notification of ${programme} could not be started`);
  return current;
}

async function mailNotification(notification: FinanceNotificationItem, now: Date): Promise<void> {
  const programme = PROGRAMMES[notification.programme];
  const token = await paymentLinkToken(notification, now);
  const lines = await paymentLines(notification);
  await sendMail(
    [programme.people.finance],
    financeNotificationMessage({
      programme,
      notificationId: notification.notificationId,
      lines,
      paymentUrl: publicUrls.payment(token),
    }),
  );
}

/** A fresh link for each e-mail to finance: only hashes are kept, so none can be mailed again. */
async function paymentLinkToken(notification: FinanceNotificationItem, now: Date) {
  return issueLink({
    purpose: 'payment',
    applicationId: notification.notificationId,
    round: 0,
    holder: PROGRAMMES[notification.programme].people.finance,
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
    const token = await paymentLinkToken(notification, now);
    await sendMail(
      [programme.people.finance],
      financeReminderMessage({
        programme,
        notificationId: notification.notificationId,
        lines: unpaid,
        sentAt: notification.sentAt ?? notification.createdAt,
        paymentUrl: publicUrls.payment(token),
      }),
    );
  }
  await transact({ timer: clearNotificationTimerPart(notification) });
  return unpaid.length > 0 ? 'finance-reminded' : 'skipped';
}
