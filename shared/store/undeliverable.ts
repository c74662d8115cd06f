// Addresses that mail no longer goes to: SES reported a permanent bounce or a complaint. Keyed by
// the address's hash, so the item does not list who it is. Marked once (a conditional put, so a
// repeated event marks nothing). Telling the staff is recorded on the same item after their e-mail
// has gone: a retried event tells them again only if the first attempt died in between (at least
// once, like every other e-mail).

import { keys } from './items.js';
import { getItem, getItems, putNewPart, update, type TransactItem } from './table.js';

export type UndeliverableReason = 'bounce' | 'complaint';

export interface UndeliverableItem {
  pk: string;
  sk: string;
  reason: UndeliverableReason;
  /** When SES reported it (the event's time, else the handler's). */
  markedAt: string;
  /** The programme and application of the e-mail that bounced, when the e-mail named them. */
  programme?: string;
  applicationId?: string;
  /** When the people to be told were mailed; absent until then. */
  notifiedAt?: string;
}

/** The mark, as one part of a transaction: refused (and so the whole of it) when already marked. */
export function markUndeliverablePart(
  addressHash: string,
  facts: Pick<UndeliverableItem, 'reason' | 'markedAt' | 'programme' | 'applicationId'>,
): TransactItem {
  return putNewPart({
    ...keys.undeliverable(addressHash),
    reason: facts.reason,
    markedAt: facts.markedAt,
    ...(facts.programme && { programme: facts.programme }),
    ...(facts.applicationId && { applicationId: facts.applicationId }),
  });
}

export async function getUndeliverable(
  addressHash: string,
): Promise<UndeliverableItem | undefined> {
  return getItem<UndeliverableItem>(keys.undeliverable(addressHash));
}

/** The marks of several addresses in one call, in their order (undefined where none). */
export async function getUndeliverables(
  addressHashes: readonly string[],
): Promise<(UndeliverableItem | undefined)[]> {
  if (addressHashes.length === 0) return [];
  if (addressHashes.length === 1) return [await getUndeliverable(addressHashes[0]!)];
  return (await getItems(addressHashes.map((hash) => keys.undeliverable(hash)))) as (
    | UndeliverableItem
    | undefined
  )[];
}

/** Records that the people to be told were mailed; false when another attempt recorded it first. */
export async function markUndeliverableNotified(addressHash: string, now: Date): Promise<boolean> {
  return update({
    key: keys.undeliverable(addressHash),
    set: { notifiedAt: now.toISOString() },
    condition: 'attribute_exists(pk) AND attribute_not_exists(notifiedAt)',
  });
}
