// Thin helpers over the document client, so that every module names the table the same way.

import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { documentClient } from './document-client.js';
import { config } from '../config.js';

export type Key = { pk: string; sk: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const tableName = () => config().tableName;

export async function getItem<T>(key: Key, consistent = true): Promise<T | undefined> {
  const result = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent }),
  );
  return result.Item as T | undefined;
}

/**
 * Several items in one BatchGetItem, answered in the order of `keys` (undefined where there is
 * none): one round trip instead of one per item. Keys the service leaves unprocessed (under
 * throttling) are asked for again.
 */
export async function getItems(
  keys: Key[],
  consistent = true,
): Promise<(Record<string, unknown> | undefined)[]> {
  const keyOf = (key: Key) => `${key.pk}\u0000${key.sk}`;
  const found = new Map<string, Record<string, unknown>>();
  // BatchGetItem refuses a request that names the same key twice.
  let pending = [...new Map(keys.map((key) => [keyOf(key), key])).values()];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await backOff(attempt);
    const result = await documentClient.send(
      new BatchGetCommand({
        RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistent } },
      }),
    );
    for (const item of result.Responses?.[tableName()] ?? []) found.set(keyOf(item as Key), item);
    pending = (result.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Key[];
    if (pending.length > 0 && attempt >= BATCH_ATTEMPTS)
      throw new Error(
        `${pending.length} keys stayed unprocessed after ${attempt} BatchGetItem calls`,
      );
  }
  return keys.map((key) => found.get(keyOf(key)));
}

/** Puts an item unless one with its key exists; answers whether it wrote. */
export async function putNew(item: Key & Record<string, unknown>): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function put(item: Key & Record<string, unknown>): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName(), Item: item }));
}

export interface UpdateInput {
  key: Key;
  set?: Record<string, unknown>;
  /** Lists to extend with these values, created when missing. */
  appendTo?: Record<string, unknown[]>;
  remove?: string[];
  condition?: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

export async function update(input: UpdateInput): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(updateParams(input)));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Builds UpdateItem parameters from plain `set`/`remove` lists, naming every attribute safely. */
export function updateParams(input: UpdateInput) {
  const names: Record<string, string> = { ...input.names };
  const values: Record<string, unknown> = { ...input.values };
  const sets = Object.entries(input.set ?? {}).map(([attribute, value], i) => {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const appends = Object.entries(input.appendTo ?? {}).map(([attribute, list], i) => {
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = list;
    values[':emptyList'] = [];
    return `#a${i} = list_append(if_not_exists(#a${i}, :emptyList), :a${i})`;
  });
  const removes = (input.remove ?? []).map((attribute, i) => {
    names[`#r${i}`] = attribute;
    return `#r${i}`;
  });
  const expression = [
    sets.length + appends.length ? `SET ${[...sets, ...appends].join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    TableName: tableName(),
    Key: input.key,
    UpdateExpression: expression,
    ...(input.condition && { ConditionExpression: input.condition }),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
  };
}

/** The items of a partition whose sort key starts with `skPrefix`; all of them for ''. */
export async function queryPartition<T>(pk: string, skPrefix: string): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression:
          skPrefix === '' ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ...(skPrefix !== '' && { ':prefix': skPrefix }) },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The parts of one transaction, each under a name the caller chose; absent parts are left out. */
export type TransactParts<Name extends string> = { [N in Name]?: TransactItem | undefined };

export type TransactResult<Name extends string> = { ok: true } | { ok: false; failed: Name[] };

/**
 * Runs a transaction of named parts. When conditions fail it answers the names of the parts that
 * refused instead of throwing, so callers can say exactly what refused.
 */
export async function transact<Name extends string>(
  parts: TransactParts<Name>,
): Promise<TransactResult<Name>> {
  const named = (Object.entries(parts) as [Name, TransactItem | undefined][]).filter(
    (entry): entry is [Name, TransactItem] => entry[1] !== undefined,
  );
  const items = named.map(([, item]) => item);
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) =>
        r.Code === 'ConditionalCheckFailed' && named[i] ? [named[i][0]] : [],
      );
      if (
        failed.length > 0 &&
        reasons.every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None')
      ) {
        return { ok: false, failed };
      }
      // Another transaction held one of the items (a double click, two reviewers at once). The SDK
      // does not retry this; once the other has committed, a retry meets its conditions.
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflict || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await backOff(attempt);
    }
  }
}

/** A transaction part that creates an item, refused if one with its key exists. */
export function putNewPart(item: Key & Record<string, unknown>): TransactItem {
  return {
    Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

/** A transaction part that writes an item whatever was there. */
export function putPart(item: Key & Record<string, unknown>): TransactItem {
  return { Put: { TableName: tableName(), Item: item } };
}

export function updatePart(input: UpdateInput): TransactItem {
  return { Update: updateParams(input) };
}

/** A transaction part that writes nothing and refuses the transaction unless its condition holds. */
export function conditionPart(input: {
  key: Key;
  condition: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: input.key,
      ConditionExpression: input.condition,
      ...(input.names && { ExpressionAttributeNames: input.names }),
      ...(input.values && { ExpressionAttributeValues: input.values }),
    },
  };
}

/** Appends values to a list attribute, creating it if missing. */
export async function appendToList(key: Key, attribute: string, values: unknown[]): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #list = list_append(if_not_exists(#list, :empty), :values)',
      ExpressionAttributeNames: { '#list': attribute },
      ExpressionAttributeValues: { ':empty': [], ':values': values },
    }),
  );
}

/**
 * The items of an index partition whose sort key is below `below`, a page at a time, so that a
 * caller working through many holds one page in memory.
 */
export async function* queryIndexPagesBelow<T>(
  indexName: string,
  partition: { name: string; value: string },
  sortKey: { name: string; below: string },
  pageSize = 100,
): AsyncGenerator<T[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: indexName,
        KeyConditionExpression: `${partition.name} = :partition AND ${sortKey.name} < :below`,
        ExpressionAttributeValues: { ':partition': partition.value, ':below': sortKey.below },
        ExclusiveStartKey: startKey,
        Limit: pageSize,
      }),
    );
    yield (page.Items ?? []) as T[];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item of an index partition whose sort key is below `below`, page by page. */
export async function queryIndexBelow<T>(
  indexName: string,
  partition: { name: string; value: string },
  sortKey: { name: string; below: string },
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of queryIndexPagesBelow<T>(indexName, partition, sortKey, 1000)) {
    items.push(...page);
  }
  return items;
}

const TRANSACTION_ATTEMPTS = 4;
const BATCH_ATTEMPTS = 5;

/** Exponential back-off with jitter before attempt `attempt` (2 or later). */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt * (0.5 + Math.random())));
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
