// Link items, kept under the hash of their token: reading the table never yields a working link.

import { keys, type LinkItem } from './items.js';
import { getItem, put, updatePart, type TransactItem } from './table.js';

export async function putLink(link: LinkItem): Promise<void> {
  await put(link as LinkItem & Record<string, unknown>);
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
