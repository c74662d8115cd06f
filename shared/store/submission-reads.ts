// What a submission reads before it writes, in one BatchGetItem: the application an earlier request
// with the same Idempotency-Key made, and the positions already approved in the round and for the
// municipality (capacity.ts counts them), and what the programme knows of the contact's address. Strongly consistent, as the idempotency record must be:
// a retry that just missed its first attempt's record would be judged afresh (and could be refused
// as if new), although the transaction would still refuse a second record for the key.

import type { ProgrammeId } from '../domain/programmes.js';
import { keys, type CapacityItem, type ContactItem, type IdempotencyItem } from './items.js';
import { getItems } from './table.js';

export interface BeforeSubmission {
  earlier: IdempotencyItem | undefined;
  roundPositionsApproved: number;
  municipalityPositionsApproved: number;
  contact: ContactItem | undefined;
}

export async function readBeforeSubmission(
  keyHash: string | undefined,
  roundId: string,
  municipalityNumber: string,
  contact: { programme: ProgrammeId; addressHash: string },
): Promise<BeforeSubmission> {
  const [round, municipality, contactItem, earlier] = await getItems([
    keys.roundCapacity(roundId),
    keys.municipalityCapacity(roundId, municipalityNumber),
    keys.contact(contact.programme, contact.addressHash),
    ...(keyHash ? [keys.idempotency(keyHash)] : []),
  ]);
  return {
    earlier: earlier as IdempotencyItem | undefined,
    roundPositionsApproved: (round as CapacityItem | undefined)?.approvedPositions ?? 0,
    municipalityPositionsApproved:
      (municipality as CapacityItem | undefined)?.approvedPositions ?? 0,
    contact: contactItem as ContactItem | undefined,
  };
}
