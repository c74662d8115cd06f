// The lead runs the programme's people without a code change, end to end through the local stack:
// a reviewer added (and mailed a sign-in link) and one removed; the next application's review
// mails go to the new set; the removed reviewer's old link answers 410 and their session ends at
// once, while the open round carries on with the others; the last lead cannot be removed; every
// staff POST needs the session's CSRF token. Then the lead's actions on an application: a
// withdrawal on the municipality's request (the reviewers' links die, both sides are told), and
// what does not fit (a decided application, a review that runs) answers 409.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  eventually,
  FIXTURES,
  linksIn,
  mail,
  postForm,
  postJson,
  signInAsStaff,
  submit,
  type LocalMail,
} from '../support/api.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const LEAD = 'leder@alis-nord.example.no';
const KEPT = 'fagrad1@alis-nord.example.no';
const REMOVED = 'fagrad2@alis-nord.example.no';
const ADDED = 'ny.fagrad@kommune.example.no';

async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
  return (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));
}

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

async function signIn(address: string): Promise<string> {
  return (await signInAsStaff(stack.baseUrl, address)).cookie;
}

async function staffJson(cookie: string) {
  const response = await fetch(`${stack.baseUrl}/staff`, {
    headers: { cookie, accept: 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

/** The decision link a reviewer was mailed for an application. */
async function decisionLink(reviewer: string, applicationId: string): Promise<string> {
  const [message] = await eventually(async () => {
    const found = await mailsTo(
      reviewer,
      (m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0,
    );
    return found.length > 0 ? found : undefined;
  }, `a decision link for ${reviewer}`);
  return local(linksIn(message!, 'decisions')[0]!);
}

async function reviewersMailedFor(applicationId: string): Promise<string[]> {
  const all = await mail(stack.baseUrl);
  return all
    .filter((m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0)
    .flatMap((m) => m.to)
    .sort();
}

describe('the lead administers the people', () => {
  let leadCookie: string;
  let csrf: string;
  let firstId: string;
  let removedCookie: string;
  let secondId: string;

  /** A lead's change, with the session's token unless `token` is null. */
  const admin = (path: string, body: unknown, token: string | null = csrf) =>
    postJson(`${stack.baseUrl}/staff/admin/alis-nord/${path}`, body, {
      cookie: leadCookie,
      ...(token !== null && { 'x-csrf-token': token }),
    });

  it('signs in; GET /staff as JSON gives the session token and the roles', async () => {
    leadCookie = await signIn(LEAD);
    const { status, body } = await staffJson(leadCookie);
    expect(status).toBe(200);
    expect(body.roles).toEqual({ 'alis-nord': ['lead'] });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    csrf = body.csrfToken;
  });

  it('an application before any change is reviewed by the shipped reviewers', async () => {
    const submitted = await submit(stack.baseUrl, FIXTURES['alis-nord'], 'admin-1');
    expect(submitted.status).toBe(201);
    firstId = submitted.body.applicationId;
    await decisionLink(REMOVED, firstId);
    await decisionLink(KEPT, firstId);
    expect(await reviewersMailedFor(firstId)).toEqual([KEPT, REMOVED]);
    removedCookie = await signIn(REMOVED);
    expect((await staffJson(removedCookie)).status).toBe(200);
  });

  it('refuses a change without the CSRF token (403), and a body of the wrong shape (400)', async () => {
    expect((await admin('staff', { email: ADDED, role: 'reviewer' }, null)).status).toBe(403);
    const wrong = await admin('staff', { email: ['x'], role: 'sjef' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(['email', 'role']);
  });

  it('adds a reviewer (201), who is mailed a sign-in link', async () => {
    const added = await admin('staff', { email: ADDED, role: 'reviewer' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: ADDED, roles: ['reviewer'], changed: true });
    await eventually(
      async () => (await mailsTo(ADDED, (m) => linksIn(m, 'staff/signin').length > 0)).length > 0,
      'the sign-in e-mail to the person added',
    );
  });

  it('removes a reviewer (200): their session ends at once and their old link answers 410', async () => {
    const oldLink = await decisionLink(REMOVED, firstId);
    const removed = await admin('staff/remove', { email: REMOVED, role: 'reviewer' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ email: REMOVED, roles: [], changed: true });
    expect((await staffJson(removedCookie)).status).toBe(401);
    expect((await fetch(oldLink)).status).toBe(410);
    expect((await postForm(oldLink, { decision: 'approve', comment: '' })).status).toBe(410);
  });

  it('the review mails of a new application go to the new set', async () => {
    const submitted = await submit(stack.baseUrl, FIXTURES['alis-nord'], 'admin-2');
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId;
    secondId = id;
    await decisionLink(ADDED, id);
    await decisionLink(KEPT, id);
    expect(await reviewersMailedFor(id)).toEqual([KEPT, ADDED].sort());
  });

  it('the open round carries on with the reviewers who remain', async () => {
    const decided = await postForm(await decisionLink(KEPT, firstId), {
      decision: 'reject',
      comment: 'Mangler veileder.',
    });
    expect(decided.status).toBe(200);
  });

  it("withdraws an application on the municipality's request; what does not fit the state is 409", async () => {
    const act = (id: string, body: unknown) =>
      postJson(`${stack.baseUrl}/staff/applications/${id}/actions`, body, {
        cookie: leadCookie,
        'x-csrf-token': csrf,
      });
    const links = [await decisionLink(ADDED, secondId), await decisionLink(KEPT, secondId)];
    const invalid = await act(secondId, { action: 'withdraw' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason', 'confirm']);
    // The review runs: nothing to resume.
    const resumed = await act(secondId, { action: 'resume' });
    expect(resumed.status).toBe(409);
    expect(resumed.body.errors[0].code).toBe('not-stopped');

    const done = await act(secondId, {
      action: 'withdraw',
      reason: 'Kommunen ringte og ba om det.',
      confirm: true,
    });
    expect(done).toMatchObject({
      status: 200,
      body: { applicationId: secondId, status: 'WITHDRAWN' },
    });
    for (const link of links) expect((await fetch(link)).status).toBe(410);
    const again = await act(secondId, { action: 'withdraw', reason: 'Igjen.', confirm: true });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('already-withdrawn');
    const decided = await act(firstId, { action: 'withdraw', reason: 'For sent.', confirm: true });
    expect(decided.status).toBe(409);
    expect(decided.body.errors[0].code).toBe('already-decided');

    const detail = await fetch(`${stack.baseUrl}/staff/applications/${secondId}`, {
      headers: { cookie: leadCookie, accept: 'application/json' },
    });
    const { history } = (await detail.json()) as {
      history: { type: string; by: string; comment?: string }[];
    };
    expect(history.find((e) => e.type === 'withdrawn')).toMatchObject({
      by: LEAD,
      comment: expect.stringContaining('Kommunen ringte og ba om det.'),
    });
    await eventually(async () => {
      const told = (await mail(stack.baseUrl)).filter(
        (m) => m.text.includes(secondId) && /trukket/.test(m.subject),
      );
      return told.flatMap((m) => m.to).length === 3 ? told : undefined;
    }, 'the contact and both reviewers told of the withdrawal');
  });

  it('keeps the last lead (409); the register and its log show the changes', async () => {
    const last = await admin('staff/remove', { email: LEAD, role: 'lead' });
    expect(last.status).toBe(409);
    expect(last.body.errors[0].code).toBe('last-lead');
    const page = await fetch(`${stack.baseUrl}/staff/admin`, { headers: { cookie: leadCookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ADDED);
    expect(html).not.toContain(`>${REMOVED}<`);
    expect(html).toContain(`endret ${REMOVED} fra`);
  });
});
