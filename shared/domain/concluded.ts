// When a case is concluded: nothing more will happen in it, so it can be archived (the archive
// package) and, after the retention, its personal data erased (shared/domain/erasure.ts).

import { grantStatusOf, type Position } from './grant.js';
import type { ApplicationStatus } from './review.js';

/**
 * Whether a case is concluded: nothing more is to be decided or paid under it. Rejected or
 * withdrawn, or a grant every position of which has ended, completed or lapsed (the application
 * follows its grant to COMPLETED or ENDED; `positions`, when given, also conclude an APPROVED or
 * ACTIVE application whose grant has not yet been settled). The one definition: the retention of
 * personal data counts from it.
 */
export function isConcluded(
  status: ApplicationStatus,
  positions: readonly Pick<Position, 'status'>[] = [],
): boolean {
  if (CONCLUDED_STATUSES.includes(status)) return true;
  if (status !== 'APPROVED' && status !== 'ACTIVE') return false;
  return positions.length > 0 && grantStatusOf(positions) !== 'ACTIVE';
}

const CONCLUDED_STATUSES: readonly ApplicationStatus[] = [
  'REJECTED',
  'WITHDRAWN',
  'COMPLETED',
  'ENDED',
];
