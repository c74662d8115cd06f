// What a submission reads before it writes, in one BatchGetItem: the application an earlier request
// with the same Idempotency-Key made, and the positions already approved in the round and for the
// municipality (capacity.ts counts them). Strongly consistent, as the idempotency record must be:
// a retry that just missed its first attempt's record would be judged afresh (and could be refused
// as if new), although the transaction would still refuse a second record for the key.

import { keys, type CapacityItem, type IdempotencyItem } from './items.js';
import { getItems } from './table.js';

export interface BeforeSubmission {
  earlier: IdempotencyItem | undefined;
  roundPositionsApproved: number;
  municipalityPositionsApproved: number;
}

export async function readBeforeSubmission(
  keyHash: string | undefined,
  roundId: string,
  municipalityNumber: string,
): Promise<BeforeSubmission> {
  const [round, municipality, earlier] = await getItems([
    keys.roundCapacity(roundId),
    keys.municipalityCapacity(roundId, municipalityNumber),
    ...(keyHash ? [keys.idempotency(keyHash)] : []),
  ]);
  return {
    earlier: earlier as IdempotencyItem | undefined,
    roundPositionsApproved: (round as CapacityItem | undefined)?.approvedPositions ?? 0,
    municipalityPositionsApproved:
      (municipality as CapacityItem | undefined)?.approvedPositions ?? 0,
  };
}
