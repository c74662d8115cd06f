// Link items, kept under the hash of their token: reading the table never yields a working link.

import { keys, type LinkItem } from './items.js';
import { getItem, put, putPart, transact, updatePart, type TransactItem } from './table.js';

/** A transaction holds at most 100 items. */
const TRANSACTION_ITEMS = 100;

async function putLink(link: LinkItem): Promise<void> {
  await put(link as LinkItem & Record<string, unknown>);
}

/**
 * Stores several links in one call where it can: a transaction of puts, because BatchWriteItem's
 * permission would let the function delete items too.
 */
export async function putLinks(links: LinkItem[]): Promise<void> {
  if (links.length === 1) return putLink(links[0]!);
  for (let from = 0; from < links.length; from += TRANSACTION_ITEMS) {
    const chunk = links.slice(from, from + TRANSACTION_ITEMS);
    await transact(
      Object.fromEntries(
        chunk.map((link, i) => [`link${i}`, putPart(link as LinkItem & Record<string, unknown>)]),
      ),
    );
  }
}

export async function getLink(tokenHash: string): Promise<LinkItem | undefined> {
  return getItem<LinkItem>(keys.link(tokenHash));
}

/** Spends a link; refused if it was spent already. */
export function spendLinkPart(link: Pick<LinkItem, 'pk' | 'sk'>, now: Date): TransactItem {
  return updatePart({
    key: { pk: link.pk, sk: link.sk },
    set: { usedAt: now.toISOString() },
    condition: 'attribute_not_exists(usedAt)',
  });
}
