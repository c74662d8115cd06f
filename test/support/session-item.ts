// A signed-in staff member's session as the store keeps it (shared/store/items.ts, SessionItem),
// for unit tests that serve staff pages from the table fake: an hour long from `at`, under the
// hash of the id its cookie carries.

import { hashToken } from '../../shared/links.js';
import { keys } from '../../shared/store/items.js';

export function sessionItem(
  sessionId: string,
  email: string,
  programmes: string[],
  at: Date,
  csrfToken: string,
) {
  return {
    ...keys.session(hashToken(sessionId)),
    email,
    programmes,
    createdAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + 3_600_000).toISOString(),
    csrfToken,
    expiresAtEpoch: 0,
  };
}
