// Staff sign-in without passwords: a configured address is e-mailed a link that works once, for a
// few minutes; following it and pressing the button opens a session. Links and sessions are kept
// under the hashes of their secrets, so reading the table never yields a way in.

import { randomBytes } from 'node:crypto';
import { startSignInRequest } from '../adapters/sign-in-requests.js';
import { PROGRAMMES, type ProgrammeId } from '../domain/programmes.js';
import {
  SESSION_HOURS,
  SIGN_IN_LINK_MINUTES,
  SIGN_IN_MAIL_INTERVAL_SECONDS,
  normaliseAddress,
  programmesOf,
  type StaffRoles,
} from '../domain/staff.js';
import { ConflictError, GoneError, NotFoundError } from '../errors.js';
import { hashToken, isWellFormedToken, newLinkToken } from '../links.js';
import { signInMessage } from '../mail/to-staff.js';
import { publicUrls } from '../public-urls.js';
import { spendLinkPart } from '../store/links.js';
import { claimSignInMail, endSession, getSession, openSessionPart } from '../store/sessions.js';
import { transact } from '../store/table.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { deliverMail } from './mailing.js';
import { staffStanding } from './staff-register.js';

/** A signed-in staff member, as the pages see them. */
export interface StaffSession {
  email: string;
  /** The programmes in which the staff member holds any role now. */
  programmes: ProgrammeId[];
  /** Their roles now, per programme, as the staff registers say. */
  roles: StaffRoles;
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
 * The step: e-mails a sign-in link if `address` is in a programme's staff register and had none
 * in the last minute. Anyone else gets exactly the same (nothing). This check is what keeps the
 * mail bound: the step is the only mail an anonymous request can cause to a staff address, and
 * the web function that starts it cannot send mail at all (docs/architecture.md, "Links").
 */
export async function sendSignInLink(address: string, now = new Date()): Promise<void> {
  const email = normaliseAddress(address);
  // The minute's claim comes first, for any address, so that the step does the same work for
  // staff and strangers (locally it shares a process with the answers). It is kept under the
  // address's hash: a stranger's address typed into the form is not stored.
  const since = new Date(now.getTime() - SIGN_IN_MAIL_INTERVAL_SECONDS * 1000);
  if (!(await claimSignInMail(hashToken(email), now, since))) return;
  const [first] = programmesOf((await staffStanding(email)).roles);
  if (!first) return;
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  const token = await issueLink({
    purpose: 'staff-signin',
    applicationId: '',
    round: 0,
    holder: email,
    expiresAt,
  });
  await deliverMail(
    {
      to: [email],
      message: signInMessage({
        programme: PROGRAMMES[first],
        url: publicUrls.staffSignIn(token),
        expiresAt: expiresAt.toISOString(),
        minutes: SIGN_IN_LINK_MINUTES,
      }),
      programme: first,
    },
    now,
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
  // The register is read again now: an address taken out of it since the link went signs in to none.
  const programmes = programmesOf((await staffStanding(link.holder)).roles);
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
  // The roles are the register's now, not the sign-in's: a removal ends the session at once.
  const standing = await staffStanding(session.email);
  if (standing.sessionsEndedAt && session.createdAt <= standing.sessionsEndedAt) return undefined;
  const programmes = programmesOf(standing.roles);
  if (programmes.length === 0) return undefined;
  return {
    email: session.email,
    programmes,
    roles: standing.roles,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
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
