// Contact addresses per programme (by hash) and each application's wait for its contact to confirm
// the address. A confirmation is one transaction: the link, the wait, the application, the contact
// and the municipality's count of the day (see services/contacts.ts).

import type { ProgrammeId } from '../domain/programmes.js';
import { keys, timerAttributes, type ContactItem, type ContactVerificationItem } from './items.js';
import {
  getItem,
  putNewPart,
  tableName,
  update,
  updatePart,
  type Key,
  type TransactItem,
} from './table.js';

export async function getContact(
  programme: ProgrammeId,
  addressHash: string,
): Promise<ContactItem | undefined> {
  return getItem<ContactItem>(keys.contact(programme, addressHash));
}

/**
 * Records that the address has confirmed for the programme (the first confirmation's time stays),
 * refused if the address is blocked.
 */
export function confirmContactPart(
  programme: ProgrammeId,
  addressHash: string,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.contact(programme, addressHash),
      UpdateExpression:
        'SET programme = :programme, confirmedAt = if_not_exists(confirmedAt, :now)',
      ConditionExpression: 'attribute_not_exists(blocked) OR blocked = :false',
      ExpressionAttributeValues: {
        ':programme': programme,
        ':now': now.toISOString(),
        ':false': false,
      },
    },
  };
}

/**
 * Blocks an address for a programme: its submissions are refused (403) and its waiting
 * applications can no longer be confirmed. For the lead's `block-contact` action; tests seed it.
 */
export async function blockContact(
  programme: ProgrammeId,
  addressHash: string,
  now: Date,
): Promise<void> {
  await update({
    key: keys.contact(programme, addressHash),
    set: { programme, blocked: true, blockedAt: now.toISOString() },
  });
}

export async function getContactVerification(
  applicationId: string,
): Promise<ContactVerificationItem | undefined> {
  return getItem<ContactVerificationItem>(keys.contactVerification(applicationId));
}

/** The wait written with its application, with its timer at the deadline. */
export function createContactVerificationPart(
  item: Omit<ContactVerificationItem, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'timerStage'>,
): TransactItem {
  const key = keys.contactVerification(item.applicationId);
  return putNewPart({
    ...key,
    ...item,
    timerStage: 'expire',
    ...timerAttributes(new Date(item.deadline), key),
  });
}

const VERIFICATION_STATUS_AFTER = {
  confirmed: 'CONFIRMED',
  expired: 'EXPIRED',
  withdrawn: 'WITHDRAWN',
} as const satisfies Record<
  NonNullable<ContactVerificationItem['outcome']>,
  ContactVerificationItem['status']
>;

/**
 * Closes an open wait with its outcome; its timer then means "hand the outcome to the workflow",
 * which the daily run retries should the hand-over right after fail.
 */
export function closeContactVerificationPart(
  applicationId: string,
  outcome: NonNullable<ContactVerificationItem['outcome']>,
  now: Date,
): TransactItem {
  const key = keys.contactVerification(applicationId);
  return updatePart({
    key,
    set: {
      status: VERIFICATION_STATUS_AFTER[outcome],
      outcome,
      closedAt: now.toISOString(),
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** Gives the wait its first task token; a later attempt takes it over (services/waiting-task.ts). */
export async function attachFirstTaskToken(key: Key, taskToken: string): Promise<boolean> {
  return update({
    key,
    set: { taskToken },
    condition: 'attribute_exists(pk) AND attribute_not_exists(taskToken)',
  });
}
