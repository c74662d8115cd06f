// Notice markers: one item per application and kind of e-mail, written once the e-mail has gone.

import { keys } from './items.js';
import { getItem, putPart, type TransactItem } from './table.js';

export async function noticeWasSent(applicationId: string, kind: string): Promise<boolean> {
  return (await getItem(keys.notice(applicationId, kind))) !== undefined;
}

export function noticeSentPart(applicationId: string, kind: string, now: Date): TransactItem {
  return putPart({ ...keys.notice(applicationId, kind), sentAt: now.toISOString() });
}
