// Idempotency records: the first application made with an Idempotency-Key, under the key's hash.

import { keys, type IdempotencyItem } from './items.js';
import { getItem, putNewPart, type TransactItem } from './table.js';

export async function getIdempotencyRecord(keyHash: string): Promise<IdempotencyItem | undefined> {
  return getItem<IdempotencyItem>(keys.idempotency(keyHash));
}

/** Creates the record; refused if a concurrent request with the same key got there first. */
export function createIdempotencyRecordPart(record: IdempotencyItem): TransactItem {
  return putNewPart(record as IdempotencyItem & Record<string, unknown>);
}
