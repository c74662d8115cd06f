// Staff sign-in without passwords: a configured address is e-mailed a link that works once, for a
// few minutes; following it and pressing the button opens a session. Links and sessions are kept
// under the hashes of their secrets, so reading the table never yields a way in.

import { randomBytes } from 'node:crypto';
import { sendMail } from '../adapters/mail.js';
import { startSignInRequest } from '../adapters/sign-in-requests.js';
import { PROGRAMMES, type ProgrammeId } from '../domain/programmes.js';
import {
  SESSION_HOURS,
  SIGN_IN_LINK_MINUTES,
  SIGN_IN_MAIL_INTERVAL_SECONDS,
  normaliseAddress,
  staffProgrammes,
} from '../domain/staff.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../errors.js';
import { hashToken, isWellFormedToken, newLinkToken } from '../links.js';
import { signInMessage } from '../mail/to-staff.js';
import { publicUrls } from '../public-urls.js';
import { spendLinkPart } from '../store/links.js';
import { claimSignInMail, endSession, getSession, openSessionPart } from '../store/sessions.js';
import { transact } from '../store/table.js';
import { hasExpired, issueLink, resolveLink } from './links.js';

/** A signed-in staff member, as the pages see them. */
export interface StaffSession {
  email: string;
  programmes: ProgrammeId[];
  csrfToken: string;
  expiresAt: string;
}

/**
 * A sign-in request from the login page: handed to its step whatever the address, so the answer
 * neither waits on the register nor on sending, and takes the same time for anyone.
 */
export async function requestSignIn(address: string): Promise<void> {
  await startSignInRequest(normaliseAddress(address));
}

/**
 * The step: e-mails a sign-in link if `address` is staff and had none in the last minute. Anyone
 * else gets exactly the same (nothing).
 */
export async function sendSignInLink(address: string, now = new Date()): Promise<void> {
  const email = normaliseAddress(address);
  // The minute's claim comes first, for any address, so that the step does the same work for
  // staff and strangers (locally it shares a process with the answers). It is kept under the
  // address's hash: a stranger's address typed into the form is not stored.
  const since = new Date(now.getTime() - SIGN_IN_MAIL_INTERVAL_SECONDS * 1000);
  if (!(await claimSignInMail(hashToken(email), now, since))) return;
  const [first] = staffProgrammes(email);
  if (!first) return;
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  const token = await issueLink({
    purpose: 'staff-signin',
    applicationId: '',
    round: 0,
    holder: email,
    expiresAt,
  });
  await sendMail(
    [email],
    signInMessage({
      programme: PROGRAMMES[first],
      url: publicUrls.staffSignIn(token),
      expiresAt: expiresAt.toISOString(),
      minutes: SIGN_IN_LINK_MINUTES,
    }),
  );
}

/** Checks a sign-in link without spending it: the page behind it only offers the button. */
export async function openSignInLink(token: string, now = new Date()): Promise<void> {
  const link = await resolveLink(token, 'staff-signin');
  if (link.usedAt) throw usedLinkError();
  if (hasExpired(link, now)) throw new GoneError('Sign-in link expired');
}

/**
 * Spends the link and opens a session in one transaction, so a link opens one session at most.
 * Answers the session id for the cookie; only its hash is stored.
 */
export async function signIn(
  token: string,
  now = new Date(),
): Promise<{ sessionId: string; expiresAt: Date }> {
  const link = await resolveLink(token, 'staff-signin');
  if (link.usedAt) throw usedLinkError();
  if (hasExpired(link, now)) throw new GoneError('Sign-in link expired');
  // The programmes are read again now: an address taken out of the configuration signs in to none.
  const programmes = staffProgrammes(link.holder);
  if (programmes.length === 0) throw new NotFoundError('No longer staff');
  const sessionId = newLinkToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  const written = await transact({
    link: spendLinkPart(link, now),
    session: openSessionPart(hashToken(sessionId), {
      email: link.holder,
      programmes,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAtEpoch: Math.floor(expiresAt.getTime() / 1000) + 86_400,
    }),
  });
  if (!written.ok) throw usedLinkError();
  return { sessionId, expiresAt };
}

/** The session a cookie's id stands for, if it is still open. */
export async function currentSession(
  sessionId: string,
  now = new Date(),
): Promise<StaffSession | undefined> {
  if (!isWellFormedToken(sessionId)) return undefined;
  const session = await getSession(hashToken(sessionId));
  if (!session || session.endedAt || now.getTime() >= Date.parse(session.expiresAt)) {
    return undefined;
  }
  return {
    email: session.email,
    programmes: session.programmes,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

/** The programmes whose lead the session's holder is. */
export function leadProgrammes(session: StaffSession): ProgrammeId[] {
  const email = normaliseAddress(session.email);
  return session.programmes.filter((id) => normaliseAddress(PROGRAMMES[id].people.lead) === email);
}

/**
 * Refuses a lead-only action: another programme's is unknown to the holder (404, as for every
 * staff path), and their own programme without the lead's role is forbidden (403).
 */
export function requireLead(session: StaffSession, programme: string): ProgrammeId {
  const own = session.programmes.find((id) => id === programme);
  if (!own) throw new NotFoundError('Not a programme of this staff member');
  if (!leadProgrammes(session).includes(own)) throw new ForbiddenError(`Not the lead of ${own}`);
  return own;
}

export async function signOut(sessionId: string, now = new Date()): Promise<void> {
  if (!isWellFormedToken(sessionId)) return;
  await endSession(hashToken(sessionId), now);
}

function usedLinkError(): ConflictError {
  return new ConflictError([
    {
      path: '',
      code: 'link-used',
      message: 'Innloggingslenken er allerede brukt. Be om en ny lenke for å logge inn.',
    },
  ]);
}
