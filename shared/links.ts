// Capability links (status, decision, amendment). The token is 256 random bits; only its hash is
// stored, so reading the table never yields a working decision link.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** A token is only ever base64url of 32 bytes; anything else is not worth a database read. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
