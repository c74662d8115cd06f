// The byDue index: every item whose timer is due by a given instant, never by a scan.

import { DUE_INDEX, TABLE_KEYS, TIMER_PARTITION } from './items.js';
import { getItem, queryIndexPagesBelow, type Key } from './table.js';

/** What the index holds of a timed item: its key, and its timer as indexed. */
export interface DueItem extends Key {
  gsi1sk?: string;
  timerStage?: string;
}

/**
 * Every item whose timer is due by `now`, a page at a time: a run through many due items holds one
 * page in memory.
 */
export function dueItemPages(now: Date): AsyncGenerator<DueItem[]> {
  return queryIndexPagesBelow<DueItem>(
    DUE_INDEX,
    { name: TABLE_KEYS.dueIndexPartitionKey, value: TIMER_PARTITION },
    // Sort keys are "<ISO instant>#..."; "~" sorts after "#", so this takes all due at or before now.
    { name: TABLE_KEYS.dueIndexSortKey, below: `${now.toISOString()}~` },
  );
}

/**
 * The item as it is now, if its timer is still the one the index showed. The index is eventually
 * consistent, and another run or a request may have moved the timer since.
 */
export async function readIfStillDue<T extends DueItem>(indexed: DueItem): Promise<T | undefined> {
  const current = await getItem<T>({ pk: indexed.pk, sk: indexed.sk });
  if (!current?.timerStage || current.gsi1sk !== indexed.gsi1sk) return undefined;
  return current;
}
