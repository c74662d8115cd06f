// Finance notifications: one stored record per e-mail to finance, with its own id, listing the
// instalments it asks finance to pay. A notification is sealed when it is written: one
// transaction writes it with its final rows and claims each of those instalments, so an instalment
// is in exactly one notification, ever, and no notification gains a row after it was written. A
// programme has at most one notification written but not yet marked sent (its pointer), which
// every run mails before it writes another. While set, the pointer is indexed in the programme's
// ready partition, so the run finds it in the one query that finds the ready instalments.

import type { ProgrammeId } from '../domain/programmes.js';
import {
  DUE_INDEX,
  TABLE_KEYS,
  TIMER_FIELDS,
  keys,
  readyAttributes,
  readyPartition,
  timerAttributes,
  type FinanceNotificationItem,
  type InstalmentItem,
  type OpenFinanceNotificationItem,
  withPosition,
} from './items.js';
import { getItem, putNewPart, queryIndexBelow, updatePart, type TransactItem } from './table.js';

/**
 * The most rows one notification lists. Its one transaction holds the notification, the
 * programme's pointer, and a claim and an audit event per row; a payment, the notification and a
 * mark and an audit event per row. DynamoDB takes at most 100 items in a transaction.
 */
export const MAX_NOTIFICATION_ROWS = 49;

/** What a programme's finance pass has to do. */
export interface FinanceWork {
  /** The notification written but not yet marked sent, if there is one: it is mailed first. */
  unsent?: string;
  /** Instalments ready and due by now, oldest first. */
  ready: InstalmentItem[];
}

/**
 * The programme's finance work, from one query of its ready partition (the index projects the
 * whole item): the instalments ready and due by `now`, and the pointer to a notification not yet
 * marked sent, indexed there under the time that notification was written. An idle day costs each
 * programme this one read.
 */
export async function financeWork(programme: ProgrammeId, now: Date): Promise<FinanceWork> {
  const items = await queryIndexBelow<InstalmentItem | OpenFinanceNotificationItem>(
    DUE_INDEX,
    { name: TABLE_KEYS.dueIndexPartitionKey, value: readyPartition(programme) },
    { name: TABLE_KEYS.dueIndexSortKey, below: `${now.toISOString()}~` },
  );
  const pointer = keys.openFinanceNotification(programme);
  const work: FinanceWork = { ready: [] };
  for (const item of items) {
    if (item.pk === pointer.pk && item.sk === pointer.sk) {
      const current = (item as OpenFinanceNotificationItem).current;
      if (current) work.unsent = current;
    } else {
      work.ready.push(withPosition(item as InstalmentItem));
    }
  }
  return work;
}

export async function getFinanceNotification(
  notificationId: string,
): Promise<FinanceNotificationItem | undefined> {
  const item = await getItem<FinanceNotificationItem>(keys.financeNotification(notificationId));
  // Rows written before positions had plans are position 1's.
  return item && { ...item, instalments: item.instalments.map(withPosition) };
}

/** The id of the programme's notification that was written but not yet marked sent, if any. */
export async function unsentFinanceNotificationId(
  programme: ProgrammeId,
): Promise<string | undefined> {
  return (await getItem<OpenFinanceNotificationItem>(keys.openFinanceNotification(programme)))
    ?.current;
}

/**
 * Writes a notification with its final rows, and points the programme at it until it is marked
 * sent; refused while the programme has another not yet marked sent. The caller adds a
 * `claimForNotificationPart` for each row to the same transaction.
 */
export function sealNotificationParts(notification: FinanceNotificationItem) {
  const pointer = keys.openFinanceNotification(notification.programme);
  return {
    notification: putNewPart(notification as FinanceNotificationItem & Record<string, unknown>),
    pointer: updatePart({
      key: pointer,
      set: {
        current: notification.notificationId,
        ...readyAttributes(notification.programme, new Date(notification.createdAt), pointer),
      },
      condition: 'attribute_not_exists(#current)',
      names: { '#current': 'current' },
    }),
  };
}

/**
 * The notification has been mailed: it is marked sent, the programme's pointer is freed for the
 * next one, and a timer reminds finance if the payment is not recorded in time.
 */
export function markNotificationSentParts(
  notification: Pick<FinanceNotificationItem, 'notificationId' | 'programme'>,
  remindAt: Date,
  now: Date,
) {
  const key = keys.financeNotification(notification.notificationId);
  return {
    notification: updatePart({
      key,
      set: {
        status: 'SENT',
        sentAt: now.toISOString(),
        timerStage: 'remind',
        ...timerAttributes(remindAt, key),
      },
      condition: '#status = :sealed',
      names: { '#status': 'status' },
      values: { ':sealed': 'SEALED' },
    }),
    pointer: updatePart({
      key: keys.openFinanceNotification(notification.programme),
      remove: ['current', TABLE_KEYS.dueIndexPartitionKey, TABLE_KEYS.dueIndexSortKey],
      condition: '#current = :id',
      names: { '#current': 'current' },
      values: { ':id': notification.notificationId },
    }),
  };
}

/**
 * A payment recorded through the notification's link: moves its payment count on, refused if
 * another recording moved it since `notification` was read. The caller adds the instalments'
 * `markPaidPart`s to the same transaction, so of two posts at once only one records anything.
 */
export function recordPaymentPart(
  notification: Pick<FinanceNotificationItem, 'notificationId' | 'payments'>,
  now: Date,
): TransactItem {
  // Notifications written before payments were counted have no count yet.
  const seen = notification.payments as number | undefined;
  return updatePart({
    key: keys.financeNotification(notification.notificationId),
    set: { payments: (seen ?? 0) + 1, lastPaymentAt: now.toISOString() },
    condition: seen === undefined ? 'attribute_not_exists(#payments)' : '#payments = :seen',
    names: { '#payments': 'payments' },
    ...(seen !== undefined && { values: { ':seen': seen } }),
  });
}

/** The reminder has gone (or was not needed); the notification keeps no timer. */
export function clearNotificationTimerPart(
  notification: Pick<FinanceNotificationItem, 'notificationId' | 'gsi1sk'>,
): TransactItem {
  return updatePart({
    key: keys.financeNotification(notification.notificationId),
    remove: TIMER_FIELDS,
    condition: 'gsi1sk = :due',
    values: { ':due': notification.gsi1sk },
  });
}
