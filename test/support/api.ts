// Small helpers for tests that talk to a running local stack over HTTP, as a user or script would.

import type { LocalMail } from '../../infra/local/ses.js';
import nord from '../fixtures/application-alis-nord.json';
import vest from '../fixtures/application-alis-vest.json';

export const FIXTURES = { 'alis-nord': nord, 'alis-vest': vest } as const;

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: await response.json().catch(() => undefined),
    headers: response.headers,
  };
}

export async function postForm(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

export async function getText(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

export interface StatusView {
  applicationId: string;
  programme: string;
  status: string;
  history: { at: string; type: string; by?: string }[];
}

export async function statusOf(statusUrl: string): Promise<StatusView> {
  const response = await fetch(statusUrl, { headers: { accept: 'application/json' } });
  if (response.status !== 200) throw new Error(`status ${response.status} for the status link`);
  return (await response.json()) as StatusView;
}

/**
 * Submits an application as a script would. An application that waits for its contact
 * (AWAITING_CONTACT) is then confirmed as the contact would: through the verify link in its
 * receipt, so that it goes to review. The answer is the submission's own, as the contract has it.
 * `confirm: false` leaves it waiting.
 */
export async function submit(
  baseUrl: string,
  body: unknown,
  idempotencyKey?: string,
  options: { confirm?: boolean } = {},
) {
  const response = await postJson(
    `${baseUrl}/applications`,
    body,
    idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  );
  if (
    options.confirm !== false &&
    (response.status === 201 || response.status === 200) &&
    response.body?.status === 'AWAITING_CONTACT'
  ) {
    await confirmContact(baseUrl, response.body.applicationId);
  }
  return response;
}

/** POSTs the verify link of an application's receipt; a link spent already counts as done. */
export async function confirmContact(baseUrl: string, applicationId: string) {
  const [receipt] = await mailsMatching(
    baseUrl,
    (m) => m.text.includes(applicationId) && linksIn(m, 'verify').length > 0,
    1,
    `the receipt of ${applicationId} with its verify link`,
  );
  const link = linksIn(receipt!, 'verify')[0]!.replace(/^https?:\/\/[^/]+/, baseUrl);
  const answer = await postJson(link, {});
  if (answer.status !== 200 && answer.status !== 409)
    throw new Error(`verify link answered ${answer.status} for ${applicationId}`);
  return answer;
}

/** Polls until `find` returns something: the workflow runs after the HTTP answer. */
export async function eventually<T>(
  find: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function mailsMatching(
  baseUrl: string,
  predicate: (mail: LocalMail) => boolean,
  count = 1,
  what = 'e-mail',
): Promise<LocalMail[]> {
  return eventually(async () => {
    const found = (await mail(baseUrl)).filter(predicate);
    return found.length >= count ? found : undefined;
  }, what);
}

export function linksIn(mail: LocalMail, path: string): string[] {
  const pattern = new RegExp(`https?://[^\\s"'<>]+/${path}/[A-Za-z0-9._~-]+`, 'g');
  return [...new Set([...(mail.text.match(pattern) ?? []), ...(mail.html.match(pattern) ?? [])])];
}

/** A signed-in staff member's session: its cookie, and the CSRF token its POSTs carry. */
export interface StaffSession {
  cookie: string;
  csrf: string;
}

/**
 * Signs `address` in as staff does: asks for a link at /staff/login, follows the new one mailed
 * (on this stack's address), and reads the session's CSRF token from GET /staff.
 */
export async function signInAsStaff(baseUrl: string, address: string): Promise<StaffSession> {
  const isSignIn = (m: LocalMail) =>
    m.to.includes(address) && linksIn(m, 'staff/signin').length > 0;
  const before = (await mail(baseUrl)).filter(isSignIn).length;
  const asked = await postForm(`${baseUrl}/staff/login`, { email: address });
  if (asked.status !== 200) throw new Error(`/staff/login answered ${asked.status} for ${address}`);
  const sent = await mailsMatching(baseUrl, isSignIn, before + 1, `a sign-in link for ${address}`);
  const link = linksIn(sent.at(-1)!, 'staff/signin')[0]!.replace(/^https?:\/\/[^/]+/, baseUrl);
  const signedIn = await postForm(link, {});
  if (signedIn.status !== 303)
    throw new Error(`The sign-in link answered ${signedIn.status} for ${address}`);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const staff = await fetch(`${baseUrl}/staff`, {
    headers: { cookie, accept: 'application/json' },
  });
  return { cookie, csrf: ((await staff.json()) as { csrfToken: string }).csrfToken };
}

export function daysAfter(date: Date, days: number, hours = 0): string {
  return new Date(date.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
}

// ---- The local-only endpoints ------------------------------------------------------------------

export type { LocalMail };

export interface LocalExecution {
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  input: unknown;
  executionArn: string;
  startDate: string;
  stopDate?: string;
  output?: unknown;
  error?: string;
  cause?: string;
  /** States where the execution waits (for a task token, or the clock). */
  waitingAt: string[];
}

export interface Advanced {
  now: string;
  fired: { at: string; schedule?: string; timer?: string; error?: string }[];
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every e-mail sent, oldest first (after in-flight workflow steps have finished). */
export async function mail(baseUrl: string): Promise<LocalMail[]> {
  return json(await fetch(`${baseUrl}/_local/mail`));
}

/** Moves the local clock to `to` and fires everything due until then. */
export async function advance(baseUrl: string, to: string | Date): Promise<Advanced> {
  return json(
    await fetch(`${baseUrl}/_local/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: to instanceof Date ? to.toISOString() : to }),
    }),
  );
}

/** The workflow executions, oldest first (after in-flight workflow steps have finished). */
export async function executions(baseUrl: string): Promise<LocalExecution[]> {
  return json(await fetch(`${baseUrl}/_local/executions`));
}

/** The local clock. */
export async function localNow(baseUrl: string): Promise<Date> {
  return new Date((await json<{ now: string }>(await fetch(`${baseUrl}/_local/clock`))).now);
}
