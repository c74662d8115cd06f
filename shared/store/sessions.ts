// Staff sessions and the sign-in throttle. Sessions are kept under the hash of their id, so reading
// the table never yields a working cookie; they end by sign-out, by their own expiry, then by TTL.

import { keys, type SessionItem, type StaffSignInItem } from './items.js';
import { getItem, putNewPart, update, type TransactItem } from './table.js';

/** Opens a session under the hash of its id; refused if that hash is taken. */
export function openSessionPart(
  sessionIdHash: string,
  session: Omit<SessionItem, 'pk' | 'sk'>,
): TransactItem {
  return putNewPart({ ...keys.session(sessionIdHash), ...session });
}

export async function getSession(sessionIdHash: string): Promise<SessionItem | undefined> {
  return getItem<SessionItem>(keys.session(sessionIdHash));
}

/**
 * Ends a session on the server. It is marked rather than deleted, because no function may delete
 * items (infra/constructs/project-function.ts); TTL removes it after its expiry.
 */
export async function endSession(sessionIdHash: string, now: Date): Promise<void> {
  await update({
    key: keys.session(sessionIdHash),
    set: { endedAt: now.toISOString() },
    condition: 'attribute_exists(pk)',
  });
}

/**
 * Claims the right to send the address with this hash a sign-in link now: refused while the last
 * one is younger than `since`, so that nobody can fill a staff inbox by asking again and again.
 */
export async function claimSignInMail(
  addressHash: string,
  now: Date,
  since: Date,
): Promise<boolean> {
  const item: Omit<StaffSignInItem, 'pk' | 'sk'> = {
    lastSentAt: now.toISOString(),
    expiresAtEpoch: Math.floor(now.getTime() / 1000) + 86_400,
  };
  return update({
    key: keys.staffSignIn(addressHash),
    set: item,
    condition: 'attribute_not_exists(lastSentAt) OR lastSentAt < :since',
    values: { ':since': since.toISOString() },
  });
}
