// Counts per Oslo calendar day, inside the transaction of the write they count, so that concurrent
// requests cannot together pass a limit: applications per municipality (confirmed ones), and
// receipts to an address that has never confirmed.

import { keys } from './items.js';
import { type Key, type TransactItem, tableName } from './table.js';

/** Counted days are kept a little longer than the day itself, then expire by TTL. */
const KEEP_SECONDS = 3 * 24 * 3600;

/** Counts one more confirmed application of the day; refused once the day holds `limit` already. */
export function countSubmissionPart(
  municipalityNumber: string,
  osloDate: string,
  limit: number,
  now: Date,
): TransactItem {
  return countPart(keys.submissionsOfDay(municipalityNumber, osloDate), limit, now);
}

/**
 * Refused once the municipality's day holds `limit` confirmed applications, without counting: a
 * submission that waits for its contact counts only when confirmed, but is refused at once when
 * the day is full already.
 */
export function submissionsBelowLimitPart(
  municipalityNumber: string,
  osloDate: string,
  limit: number,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.submissionsOfDay(municipalityNumber, osloDate),
      ConditionExpression: 'attribute_not_exists(submissions) OR submissions < :limit',
      ExpressionAttributeValues: { ':limit': limit },
    },
  };
}

/** Counts one more receipt of the day to an unconfirmed address; refused beyond `limit`. */
export function countReceiptToAddressPart(
  addressHash: string,
  osloDate: string,
  limit: number,
  now: Date,
): TransactItem {
  return countPart(keys.receiptsToAddressOfDay(addressHash, osloDate), limit, now);
}

function countPart(key: Key, limit: number, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression:
        'SET submissions = if_not_exists(submissions, :zero) + :one, expiresAtEpoch = :expires',
      ConditionExpression: 'attribute_not_exists(submissions) OR submissions < :limit',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':limit': limit,
        ':expires': Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
      },
    },
  };
}
