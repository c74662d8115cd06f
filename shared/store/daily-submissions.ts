// New applications counted per municipality and Oslo calendar day, inside the submission's own
// transaction, so that concurrent submissions cannot together pass the limit.

import { keys } from './items.js';
import { type TransactItem, tableName } from './table.js';

/** Counted days are kept a little longer than the day itself, then expire by TTL. */
const KEEP_SECONDS = 3 * 24 * 3600;

/** Counts one more submission of the day; refused once the day holds `limit` already. */
export function countSubmissionPart(
  municipalityNumber: string,
  osloDate: string,
  limit: number,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.submissionsOfDay(municipalityNumber, osloDate),
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
