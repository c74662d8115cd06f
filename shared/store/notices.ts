// Notice markers: one item per application and kind of e-mail, written once the e-mail has gone.

import { keys } from './items.js';
import { getItem, putPart, type TransactItem } from './table.js';

/** The e-mails to the municipality that go once per application; the workflow names them. */
export const NOTICES = ['received', 'approved', 'rejected', 'withdrawn'] as const;
export type Notice = (typeof NOTICES)[number];

/**
 * The e-mails of a grant that go once per grant, or once per grant year (the year is part of the
 * marker's kind, e.g. `paid-y3`).
 */
export type GrantNotice =
  | `${'payment-scheduled' | 'held' | 'paid'}-y${number}`
  | `grant-ended-${'municipality' | 'lead' | 'finance'}`;

export async function noticeWasSent(
  applicationId: string,
  kind: Notice | GrantNotice,
): Promise<boolean> {
  return (await getItem(keys.notice(applicationId, kind))) !== undefined;
}

export function noticeSentPart(
  applicationId: string,
  kind: Notice | GrantNotice,
  now: Date,
): TransactItem {
  return putPart({ ...keys.notice(applicationId, kind), sentAt: now.toISOString() });
}
