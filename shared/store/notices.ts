// Notice markers: one item per application and kind of e-mail, written once the e-mail has gone.

import { keys } from './items.js';
import { getItem, putPart, type TransactItem } from './table.js';

/** The e-mails to the municipality that go once per application; the workflow names them. */
export const NOTICES = ['received', 'approved', 'rejected', 'withdrawn'] as const;
export type Notice = (typeof NOTICES)[number];

export async function noticeWasSent(applicationId: string, kind: Notice): Promise<boolean> {
  return (await getItem(keys.notice(applicationId, kind))) !== undefined;
}

export function noticeSentPart(applicationId: string, kind: Notice, now: Date): TransactItem {
  return putPart({ ...keys.notice(applicationId, kind), sentAt: now.toISOString() });
}
