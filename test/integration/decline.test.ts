// Declining after approval, through the running local stack: a grant of two positions approved
// through a reviewer's link, its first year's payment waiting for finance; one position declined
// (its place back in the round, the lead and finance told, the status JSON showing it, its start
// link gone), the lead changed on the admin page (the next e-mail's Reply-To follows), then the
// rest declined (the waiting payment workflow ends); a decline after the first year was sent to
// finance is refused with 409.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  advance,
  eventually,
  executions,
  FIXTURES,
  getText,
  linksIn,
  localNow,
  mail,
  postForm,
  postJson,
  signInAsStaff,
  statusOf,
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
const NEW_LEAD = 'prosjektleder@alis-nord.example.no';
const FINANCE = 'okonomi@alis-nord.example.no';
const ROUND = 'alis-nord-2027';
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
const mailsTo = async (to: string, predicate: (m: LocalMail) => boolean = () => true) =>
  (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));

async function approvedInRound(session: { cookie: string }): Promise<number> {
  const page = await fetch(`${stack.baseUrl}/staff/admin`, {
    headers: { cookie: session.cookie, accept: 'application/json' },
  });
  const body = (await page.json()) as {
    programmes: { rounds: { roundId: string; approvedPositions: number }[] }[];
  };
  return body.programmes.flatMap((p) => p.rounds).find((r) => r.roundId === ROUND)!
    .approvedPositions;
}

/** Submits ALIS-Nord's example with these candidates and approves it through fagrad1's link. */
async function approvedGrant(email: string, candidates: unknown[]) {
  const { candidate, positionsRequested, ...rest } = FIXTURES['alis-nord'];
  const sent = await submit(stack.baseUrl, {
    ...rest,
    contact: { ...rest.contact, email },
    positions: candidates.map((c) => ({ candidate: c })),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const { applicationId, statusUrl } = sent.body as { applicationId: string; statusUrl: string };
  const request = await eventually(
    async () =>
      (
        await mailsTo(
          'fagrad1@alis-nord.example.no',
          (m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0,
        )
      ).at(-1),
    `the review request of ${applicationId}`,
  );
  const decided = await postForm(local(linksIn(request, 'decisions')[0]!), {
    decision: 'approve',
  });
  expect(decided.status).toBe(200);
  await eventually(
    async () => (await statusOf(local(statusUrl))).status === 'ACTIVE',
    `the grant of ${applicationId}`,
  );
  return { applicationId, statusUrl: local(statusUrl) };
}

interface GrantJson {
  status: string;
  grant: {
    status: string;
    positions: { position: number; status: string; endReason?: string; startDate?: string }[];
    instalments: { position: number; year: number; status: string }[];
  };
}
const grantOf = async (statusUrl: string) => (await statusOf(statusUrl)) as unknown as GrantJson;

describe('declining after approval, before payments', () => {
  let lead: { cookie: string; csrf: string };
  let first: { applicationId: string; statusUrl: string };
  const contact = 'takker.nei@vadso.example.no';
  let approvedBefore = 0;

  it('declines one position: its place goes back, the lead and finance are told, the status shows it', async () => {
    lead = await signInAsStaff(stack.baseUrl, LEAD);
    const before = await approvedInRound(lead);
    approvedBefore = before;
    first = await approvedGrant(contact, [
      { kind: 'employed-doctor', monthsCompleted: 12 },
      { kind: 'new-position' },
    ]);
    expect(await approvedInRound(lead)).toBe(before + 2);
    // The next daily run starts year 1's payment, which then waits for finance.
    await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 86_400_000));
    const waiting = await grantOf(first.statusUrl);
    expect(waiting.grant.instalments.find((i) => i.year === 1)!.status).toBe('READY');
    const [approval] = await mailsTo(contact, (m) => linksIn(m, 'positions').length > 0);
    const startLink = local(linksIn(approval!, 'positions')[0]!);

    const declined = await postJson(`${first.statusUrl}/decline`, { confirm: true, position: 2 });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ declined: [2], grant: { status: 'ACTIVE' } });
    // A staff session lasts 8 hours of the local clock, which moved a day.
    lead = await signInAsStaff(stack.baseUrl, LEAD);
    expect(await approvedInRound(lead)).toBe(before + 1);

    const view = await grantOf(first.statusUrl);
    expect(view.grant.positions.map((p) => [p.position, p.status, p.endReason])).toEqual([
      [1, 'ACTIVE', undefined],
      [2, 'ENDED', 'declined'],
    ]);
    for (const to of [LEAD, FINANCE]) {
      const news = await mailsTo(to, (m) => m.subject.startsWith('Kommunen takket nei'));
      expect(news, to).toHaveLength(1);
      expect(news[0]!.text).toContain(first.applicationId);
    }
    const receipts = await mailsTo(contact, (m) => m.subject.includes('takket nei'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toContain(first.applicationId);
    expect(receipts[0]!.replyTo).toEqual([LEAD]);
    // The position's start link died with it.
    expect((await getText(startLink)).status).toBe(410);
    // A repeat is refused, and mails nothing more.
    const again = await postJson(`${first.statusUrl}/decline`, { confirm: true, position: 2 });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('already-declined');
    expect(await mailsTo(contact, (m) => m.subject.includes('takket nei'))).toHaveLength(1);
  });

  it("follows a change of lead in the register: the next e-mail's Reply-To and footer name the new lead", async () => {
    const added = await postJson(
      `${stack.baseUrl}/staff/admin/alis-nord/staff`,
      { email: NEW_LEAD, role: 'lead' },
      { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
    );
    expect(added.status).toBe(201);
    const removed = await postJson(
      `${stack.baseUrl}/staff/admin/alis-nord/staff/remove`,
      { email: LEAD, role: 'lead' },
      { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
    );
    expect(removed.status).toBe(200);

    // The rest: position 1, whose first year waited for finance.
    const rest = await postJson(`${first.statusUrl}/decline`, { confirm: true });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body).toMatchObject({ status: 'ENDED', declined: [1], grant: { status: 'ENDED' } });
    const view = await grantOf(first.statusUrl);
    expect(view.grant.instalments.every((i) => i.status === 'CANCELLED')).toBe(true);

    const receipts = await mailsTo(contact, (m) => m.subject.includes('takket nei'));
    expect(receipts).toHaveLength(2);
    expect(receipts[1]!.replyTo).toEqual([NEW_LEAD]);
    expect(receipts[1]!.text).toContain(`prosjektleder: ${NEW_LEAD}`);
    expect(
      await mailsTo(NEW_LEAD, (m) => m.subject.startsWith('Kommunen takket nei')),
    ).toHaveLength(1);
    // The year's payment workflow is not left waiting: the cancellation ended it.
    const year1 = await eventually(
      async () =>
        (await executions(stack.baseUrl)).find(
          (e) => e.name === `${first.applicationId}-y1` && e.status !== 'RUNNING',
        ),
      'the end of year 1',
    );
    expect(year1.status).toBe('SUCCEEDED');
    expect(await mailsTo(contact, (m) => m.subject.includes('utbetalt'))).toHaveLength(0);

    // Both places are back in the round. (Past the minute between two sign-in e-mails: being
    // given the role mailed the new lead one.)
    await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 120_000));
    lead = await signInAsStaff(stack.baseUrl, NEW_LEAD);
    expect(await approvedInRound(lead)).toBe(approvedBefore);
  });

  it('refuses a decline once the first year is sent to finance', async () => {
    const before = await approvedInRound(lead);
    const second = await approvedGrant('betalt@vadso.example.no', [
      { kind: 'employed-doctor', monthsCompleted: 0 },
    ]);
    const start = (await grantOf(second.statusUrl)).grant.positions[0]!.startDate!;
    await advance(stack.baseUrl, `${start}T06:00:00Z`);
    await eventually(
      async () => (await grantOf(second.statusUrl)).grant.instalments[0]!.status === 'NOTIFIED',
      'the first year sent to finance',
    );
    lead = await signInAsStaff(stack.baseUrl, NEW_LEAD);
    const refused = await postJson(`${second.statusUrl}/decline`, { confirm: true });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].code).toBe('payment-started');
    expect((await grantOf(second.statusUrl)).grant.positions[0]!.status).toBe('ACTIVE');
    expect(await approvedInRound(lead)).toBe(before + 1);
  });
});
