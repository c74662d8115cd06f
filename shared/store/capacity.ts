// Approved positions, counted per round and per municipality in a round, so that approvals can be
// refused in the same transaction that would exceed a limit. A submission reads them first, in
// submission-reads.ts.

import { keys } from './items.js';
import { getItem, type Key, type TransactItem, tableName } from './table.js';

export function takeRoundPositionsPart(roundId: string, positions: number, limit: number) {
  return takePositionsPart(keys.roundCapacity(roundId), positions, limit);
}

export function takeMunicipalityPositionsPart(
  roundId: string,
  municipalityNumber: string,
  positions: number,
  limit: number,
) {
  return takePositionsPart(
    keys.municipalityCapacity(roundId, municipalityNumber),
    positions,
    limit,
  );
}

function takePositionsPart(key: Key, positions: number, limit: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression:
        'SET approvedPositions = if_not_exists(approvedPositions, :zero) + :positions',
      // DynamoDB conditions cannot add, so "held + positions <= limit" becomes "held <= limit - positions".
      ConditionExpression:
        'attribute_not_exists(approvedPositions) OR approvedPositions <= :highest',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':positions': positions,
        ':highest': limit - positions,
      },
    },
  };
}

/**
 * Gives back positions (one that lapsed, those declined) to their round and municipality, in the
 * transaction that ends them (so they are given back once).
 */
export function releasePositionParts(roundId: string, municipalityNumber: string, count = 1) {
  return {
    roundCapacity: releasePart(keys.roundCapacity(roundId), count),
    municipalityCapacity: releasePart(
      keys.municipalityCapacity(roundId, municipalityNumber),
      count,
    ),
  };
}

function releasePart(key: Key, count: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET approvedPositions = approvedPositions - :count',
      ConditionExpression: 'approvedPositions >= :count',
      ExpressionAttributeValues: { ':count': count },
    },
  };
}

/** The positions approved in a round so far. */
export async function approvedPositionsOf(roundId: string): Promise<number> {
  const item = await getItem<{ approvedPositions?: number }>(keys.roundCapacity(roundId));
  return item?.approvedPositions ?? 0;
}
