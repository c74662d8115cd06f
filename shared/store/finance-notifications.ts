// Finance notifications: one stored record per e-mail to finance, with its own id, listing the
// instalments it asks finance to pay. Each instalment joins exactly one notification, ever: it is
// claimed by a conditional update in the same transaction that adds it to the list. A programme has
// at most one notification being put together at a time (its OPEN pointer), so a repeated or
// crashed run finishes that one instead of starting another.

import type { ProgrammeId } from '../domain/programmes.js';
import {
  DUE_INDEX,
  TABLE_KEYS,
  TIMER_FIELDS,
  keys,
  readyPartition,
  timerAttributes,
  type FinanceNotificationItem,
  type InstalmentItem,
  type OpenFinanceNotificationItem,
} from './items.js';
import { getItem, putNewPart, queryIndexBelow, updatePart, type TransactItem } from './table.js';

/** Instalments of a programme that are ready and due by `now`, from the index, oldest first. */
export async function listReadyInstalments(
  programme: ProgrammeId,
  now: Date,
): Promise<Pick<InstalmentItem, 'pk' | 'sk' | 'applicationId' | 'year'>[]> {
  return queryIndexBelow(
    DUE_INDEX,
    { name: TABLE_KEYS.dueIndexPartitionKey, value: readyPartition(programme) },
    { name: TABLE_KEYS.dueIndexSortKey, below: `${now.toISOString()}~` },
  );
}

export async function getFinanceNotification(
  notificationId: string,
): Promise<FinanceNotificationItem | undefined> {
  return getItem<FinanceNotificationItem>(keys.financeNotification(notificationId));
}

/** The id of the programme's notification that is being put together, if any. */
export async function currentFinanceNotificationId(
  programme: ProgrammeId,
): Promise<string | undefined> {
  return (await getItem<OpenFinanceNotificationItem>(keys.openFinanceNotification(programme)))
    ?.current;
}

/** Starts a notification, refused if the programme already has one being put together. */
export function startFinanceNotificationParts(notification: FinanceNotificationItem) {
  return {
    notification: putNewPart(notification as FinanceNotificationItem & Record<string, unknown>),
    pointer: updatePart({
      key: keys.openFinanceNotification(notification.programme),
      set: { current: notification.notificationId },
      condition: 'attribute_not_exists(#current)',
      names: { '#current': 'current' },
    }),
  };
}

/** Adds a claimed instalment to the notification's list, while it is still being put together. */
export function addToNotificationPart(
  notificationId: string,
  instalment: { applicationId: string; year: number },
): TransactItem {
  return updatePart({
    key: keys.financeNotification(notificationId),
    set: {},
    appendTo: { instalments: [instalment] },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/**
 * The notification has been mailed: it is closed, the programme's pointer is freed for the next
 * one, and a timer reminds finance if the payment is not recorded in time.
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
      condition: '#status = :open',
      names: { '#status': 'status' },
      values: { ':open': 'OPEN' },
    }),
    pointer: updatePart({
      key: keys.openFinanceNotification(notification.programme),
      remove: ['current'],
      condition: '#current = :id',
      names: { '#current': 'current' },
      values: { ':id': notification.notificationId },
    }),
  };
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
