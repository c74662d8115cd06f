// The contact confirms the address before review, through the running local stack: receipts to an
// address that never confirmed are bounded, strangers cannot lock a municipality out, a confirmed
// address goes straight to review, an unconfirmed application expires unseen, a blocked address is
// refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import { seedContact } from '../support/local-table.js';
import {
  FIXTURES,
  advance,
  confirmContact,
  eventually,
  executions,
  getText,
  linksIn,
  localNow,
  mail,
  mailsMatching,
  postJson,
  statusOf,
  submit,
} from '../support/api.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const nord = FIXTURES['alis-nord'];
const vest = FIXTURES['alis-vest'];
const withContact = <T extends { contact: object }>(fixture: T, email: string): T => ({
  ...fixture,
  contact: { ...fixture.contact, email },
});
const isReviewRequest = (applicationId: string) => (m: { to: string[]; text: string }) =>
  m.to.some((to) => to.startsWith('fagrad')) && m.text.includes(applicationId);

describe('the contact confirms the address before review', () => {
  it('sends 3 receipts a day to an address that never confirmed; the fourth and later applications are 429 too-many-for-address', async () => {
    const stranger = 'fremmed@example.org';
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(
        await submit(stack.baseUrl, withContact(nord, stranger), `stranger-${i}`, {
          confirm: false,
        }),
      );

    expect(answers.slice(0, 3).map((a) => [a.status, a.body.status])).toEqual([
      [201, 'AWAITING_CONTACT'],
      [201, 'AWAITING_CONTACT'],
      [201, 'AWAITING_CONTACT'],
    ]);
    for (const refused of answers.slice(3)) {
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].code).toBe('too-many-for-address');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const receipts = await mailsMatching(stack.baseUrl, (m) => m.to.includes(stranger), 3);
    // Each with its verify link; none goes to review before it is used.
    for (const receipt of receipts) expect(linksIn(receipt, 'verify')).toHaveLength(1);
    await postJson(`${stack.baseUrl}/_local/settle`, {});
    expect((await mail(stack.baseUrl)).filter((m) => m.to.includes(stranger))).toHaveLength(3);
    for (const { body } of answers.slice(0, 3)) {
      expect((await statusOf(body.statusUrl)).status).toBe('AWAITING_CONTACT');
      expect((await mail(stack.baseUrl)).some(isReviewRequest(body.applicationId))).toBe(false);
    }
  });

  it("leaves the municipality's own contact able to apply after strangers' applications in its name", async () => {
    for (const [i, stranger] of ['a@example.org', 'b@example.org', 'c@example.org'].entries()) {
      const answer = await submit(stack.baseUrl, withContact(nord, stranger), `s-${i}`, {
        confirm: false,
      });
      expect(answer.status).toBe(201);
    }

    const own = await submit(stack.baseUrl, nord, 'own-1');

    expect(own.status).toBe(201);
    await mailsMatching(stack.baseUrl, isReviewRequest(own.body.applicationId), 2, 'review');
    expect((await statusOf(own.body.statusUrl)).status).toBe('IN_REVIEW');
  });

  it('a verify link: GET changes nothing, POST confirms (200), again 409, unknown 404; the application goes to review', async () => {
    const contact = 'ny.kontakt@bergen.example.no';
    const first = await submit(stack.baseUrl, withContact(vest, contact), 'vest-1', {
      confirm: false,
    });
    expect(first.body.status).toBe('AWAITING_CONTACT');
    const status = await statusOf(first.body.statusUrl);
    expect(status).toMatchObject({ status: 'AWAITING_CONTACT', nextStep: expect.any(String) });
    const [receipt] = await mailsMatching(stack.baseUrl, (m) => m.to.includes(contact));
    const link = linksIn(receipt!, 'verify')[0]!.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

    for (let i = 0; i < 3; i++) {
      const page = await getText(link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Bekreft e-postadressen');
    }
    expect((await statusOf(first.body.statusUrl)).status).toBe('AWAITING_CONTACT');

    const confirmed = await postJson(link, {});
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'SUBMITTED' } });
    expect((await postJson(link, {})).status).toBe(409);
    expect((await getText(`${stack.baseUrl}/verify/${'x'.repeat(43)}`)).status).toBe(404);
    await mailsMatching(stack.baseUrl, isReviewRequest(first.body.applicationId), 2, 'review');

    // Confirmed once for the programme: the next application goes straight to review.
    const second = await submit(stack.baseUrl, withContact(vest, contact), 'vest-2', {
      confirm: false,
    });
    expect(second.body.status).toBe('SUBMITTED');
    await mailsMatching(stack.baseUrl, isReviewRequest(second.body.applicationId), 2, 'review');
    const [secondReceipt] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(contact) && m.text.includes(second.body.applicationId),
    );
    expect(linksIn(secondReceipt!, 'verify')).toEqual([]);
  });

  it('a blocked address gets 403, and nothing is stored, started or mailed', async () => {
    const blocked = 'sperret@example.org';
    // The lead's block-contact action does not exist yet: the record is written directly.
    await seedContact(stack, 'alis-nord', blocked, { blocked: true });
    const before = (await executions(stack.baseUrl)).length;

    const answer = await submit(stack.baseUrl, withContact(nord, blocked), 'blocked-1');

    expect(answer.status).toBe(403);
    await postJson(`${stack.baseUrl}/_local/settle`, {});
    expect((await executions(stack.baseUrl)).length).toBe(before);
    expect((await mail(stack.baseUrl)).some((m) => m.to.includes(blocked))).toBe(false);
  });

  // Last: it moves the local clock on by more than a week.
  it('an unconfirmed application is withdrawn after 7 days, and no reviewer ever sees it', async () => {
    const contact = 'treg@example.org';
    const answer = await submit(stack.baseUrl, withContact(vest, contact), 'late-1', {
      confirm: false,
    });
    const { applicationId, statusUrl } = answer.body;
    await mailsMatching(stack.baseUrl, (m) => m.to.includes(contact));

    const now = await localNow(stack.baseUrl);
    await advance(stack.baseUrl, new Date(now.getTime() + 8 * 86_400_000));

    const status = await eventually(async () => {
      const s = await statusOf(statusUrl);
      return s.status === 'WITHDRAWN' && s;
    }, 'the withdrawal');
    expect(status.history.map((e) => e.type)).toContain('withdrawn');
    const execution = await eventually(async () => {
      const e = (await executions(stack.baseUrl)).find((x) => x.name === applicationId);
      return e?.status === 'SUCCEEDED' && e;
    }, 'the execution to end');
    expect(execution.status).toBe('SUCCEEDED');
    const all = await mail(stack.baseUrl);
    expect(all.some(isReviewRequest(applicationId))).toBe(false);
    // The contact got the receipt and nothing more.
    expect(all.filter((m) => m.to.includes(contact))).toHaveLength(1);
    // The link now answers 410.
    const [receipt] = all.filter((m) => m.to.includes(contact));
    const link = linksIn(receipt!, 'verify')[0]!.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
    expect((await postJson(link, {})).status).toBe(410);
    await expect(confirmContact(stack.baseUrl, applicationId)).rejects.toThrow(/410/);
  });
});
