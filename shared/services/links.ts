// Issuing and resolving capability links (decision and amendment). Links are looked up by the hash
// of their token; the raw token exists only in the e-mail that carries it.

import { NotFoundError } from '../errors.js';
import { hashToken, isWellFormedToken, newLinkToken } from '../links.js';
import { keys, type LinkItem, type LinkPurpose } from '../store/items.js';
import { getLink, putLinks } from '../store/links.js';

/** Links stay readable this long after expiry, so a late click gets "expired", not "unknown". */
const KEEP_AFTER_EXPIRY_SECONDS = 180 * 86_400;

export interface LinkRequest {
  purpose: LinkPurpose;
  applicationId: string;
  round: number;
  /** A confirmation link's position-years. */
  positions?: { position: number; year: number }[];
  holder: string;
  /** A decision link's revision of its round's links. */
  revision?: number;
  expiresAt: Date;
}

/** Stores a new link and answers its token, for the caller to put in a URL (see public-urls). */
export async function issueLink(input: LinkRequest): Promise<string> {
  const [token] = await issueLinks([input]);
  return token!;
}

/** Several new links in one write (a review round's reviewers); their tokens in the same order. */
export async function issueLinks(inputs: LinkRequest[]): Promise<string[]> {
  const tokens = inputs.map(() => newLinkToken());
  await putLinks(inputs.map((input, i) => linkItem(tokens[i]!, input)));
  return tokens;
}

/** A new link's token and item, for a caller that writes the item in its own transaction. */
export function prepareLink(input: LinkRequest): { token: string; item: LinkItem } {
  const token = newLinkToken();
  return { token, item: linkItem(token, input) };
}

function linkItem(token: string, input: LinkRequest): LinkItem {
  return {
    ...keys.link(hashToken(token)),
    purpose: input.purpose,
    applicationId: input.applicationId,
    round: input.round,
    ...(input.positions && { positions: input.positions }),
    holder: input.holder,
    ...(input.revision && { revision: input.revision }),
    expiresAt: input.expiresAt.toISOString(),
    expiresAtEpoch: Math.floor(input.expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
  };
}

/** The link a token stands for, or NotFoundError for anything unknown, malformed or of another kind. */
export async function resolveLink(token: string, purpose: LinkPurpose): Promise<LinkItem> {
  if (!isWellFormedToken(token)) throw new NotFoundError('Malformed link token');
  const link = await getLink(hashToken(token));
  if (!link || link.purpose !== purpose) throw new NotFoundError('Unknown link');
  return link;
}

export function hasExpired(link: LinkItem, now: Date): boolean {
  return now.getTime() >= Date.parse(link.expiresAt);
}
