// When a case is concluded: nothing more will happen in it, so it can be archived (the archive
// package, GET /staff/applications/{id}/archive) and, later, its personal data erased.

import type { Position } from './grant.js';
import type { ApplicationStatus } from './review.js';

/** A position that will be paid no more. */
const CLOSED_POSITION_STATUSES: ReadonlySet<Position['status']> = new Set([
  'COMPLETED',
  'ENDED',
  'LAPSED',
]);

/**
 * Concluded: rejected, withdrawn, or granted with every position ended, completed or lapsed.
 * Anything still under review, waiting for changes or a complaint, or with a position waiting for
 * its doctor or running, is not.
 */
export function isConcluded(
  status: ApplicationStatus,
  positions: readonly Pick<Position, 'status'>[],
): boolean {
  if (status === 'REJECTED' || status === 'WITHDRAWN') return true;
  const granted = ['APPROVED', 'ACTIVE', 'COMPLETED', 'ENDED'].includes(status);
  return (
    granted &&
    positions.length > 0 &&
    positions.every((p) => CLOSED_POSITION_STATUSES.has(p.status))
  );
}
