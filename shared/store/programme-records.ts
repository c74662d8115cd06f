// A programme's records of one kind from the byProgramme index, a page at a time: staff pages and
// exports read a programme this way and never scan the table.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProgrammeId } from '../domain/programmes.js';
import { documentClient } from './document-client.js';
import {
  PROGRAMME_INDEX,
  PROGRAMME_RECORD_PREFIXES,
  TABLE_KEYS,
  programmePartition,
  type ProgrammeRecordKind,
  withPosition,
} from './items.js';
import { tableName } from './table.js';

/** Where a page of the index ends: the last record's table key and its index sort key. */
export interface RecordPosition {
  pk: string;
  sk: string;
  gsi2sk: string;
}

export interface RecordPage<T> {
  items: T[];
  /** Where the next page starts; absent after the last one. */
  next?: RecordPosition;
}

export interface RecordQuery {
  /** Start after this record (a position from an earlier page). */
  after?: RecordPosition;
  limit: number;
  /** Newest first: the sort key's time descending. */
  newestFirst?: boolean;
}

export async function programmeRecordPage<T>(
  programme: ProgrammeId,
  kind: ProgrammeRecordKind,
  query: RecordQuery,
): Promise<RecordPage<T>> {
  const partition = programmePartition(programme);
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: PROGRAMME_INDEX,
      KeyConditionExpression: '#partition = :partition AND begins_with(#sort, :prefix)',
      ExpressionAttributeNames: {
        '#partition': TABLE_KEYS.programmeIndexPartitionKey,
        '#sort': TABLE_KEYS.programmeIndexSortKey,
      },
      ExpressionAttributeValues: {
        ':partition': partition,
        ':prefix': PROGRAMME_RECORD_PREFIXES[kind],
      },
      ScanIndexForward: !query.newestFirst,
      Limit: query.limit,
      ...(query.after && {
        ExclusiveStartKey: {
          pk: query.after.pk,
          sk: query.after.sk,
          gsi2pk: partition,
          gsi2sk: query.after.gsi2sk,
        },
      }),
    }),
  );
  const last = page.LastEvaluatedKey;
  const items = page.Items ?? [];
  return {
    // Instalments and confirmations written before positions had plans are position 1's.
    items: (kind === 'instalment' || kind === 'confirmation'
      ? items.map(withPosition)
      : items) as T[],
    ...(last && {
      next: { pk: String(last.pk), sk: String(last.sk), gsi2sk: String(last.gsi2sk) },
    }),
  };
}

/** Every record of a kind, page by page, so that a caller can work through them with one in memory. */
async function* programmeRecordPages<T>(
  programme: ProgrammeId,
  kind: ProgrammeRecordKind,
  pageSize = 500,
): AsyncGenerator<T[]> {
  let after: RecordPosition | undefined;
  do {
    const page: RecordPage<T> = await programmeRecordPage<T>(programme, kind, {
      limit: pageSize,
      ...(after && { after }),
    });
    yield page.items;
    after = page.next;
  } while (after);
}

/** Every record of a kind, in index order. */
export async function allProgrammeRecords<T>(
  programme: ProgrammeId,
  kind: ProgrammeRecordKind,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of programmeRecordPages<T>(programme, kind)) items.push(...page);
  return items;
}
