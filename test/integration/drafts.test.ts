// The municipality's side through the running local stack: a draft saved half-filled, opened,
// saved again and sent (one application, one receipt, the link then shows the status); its one
// reminder before the round closes; /find for a matching and a non-matching pair; a withdrawal in
// review and one refused after a decision; expired links pointing to /find; the lead's Reply-To on
// every e-mail to a municipality.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { startLocalStack } from '../support/local-stack.js';
import {
  FIXTURES,
  advance,
  executions,
  getText,
  linksIn,
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
const REVIEWERS = PROGRAMMES['alis-nord'].people.reviewers;
const vest = FIXTURES['alis-vest'];
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
const getJson = async (url: string) => {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
};
const settle = () => postJson(`${stack.baseUrl}/_local/settle`, {});

describe("the municipality's drafts and links", () => {
  let draftUrl = '';

  it('saves a draft with half the fields, opens it twice unchanged, saves it again, sends it once', async () => {
    const email = 'utkast@vadso.example.no';
    const half = {
      programme: nord.programme,
      municipality: nord.municipality,
      contact: { email, name: nord.contact.name },
      employmentModel: nord.employmentModel,
      recruitmentSituation: nord.recruitmentSituation,
    };
    const saved = await postJson(`${stack.baseUrl}/drafts`, half);
    expect(saved.status).toBe(201);
    draftUrl = local(saved.body.draftUrl);
    const [linkMail] = await mailsMatching(stack.baseUrl, (m) => m.to.includes(email), 1);
    expect(linksIn(linkMail!, 'drafts')).toHaveLength(1);

    const before = await getJson(draftUrl);
    for (let i = 0; i < 2; i++) {
      const page = await getText(draftUrl);
      expect(page.status).toBe(200);
      expect(page.text).toContain(nord.recruitmentSituation);
      expect(page.text).toContain('Lagre utkast');
    }
    expect(await getJson(draftUrl)).toEqual(before);
    expect(before.body.draft.contact).toEqual({ email, name: nord.contact.name });

    const { municipality, ...rest } = nord;
    const again = await postJson(draftUrl, { ...half, patientList: nord.patientList });
    expect(again.status).toBe(200);
    expect(local(again.body.draftUrl)).toBe(draftUrl);

    const token = draftUrl.split('/').at(-1)!;
    const body = { ...rest, contact: { ...nord.contact, email }, draft: token };
    const sent = await postJson(`${stack.baseUrl}/applications`, body);
    expect(sent.status).toBe(201);
    const repeated = await postJson(`${stack.baseUrl}/applications`, body);
    expect(repeated.status).toBe(200);
    expect(repeated.body.applicationId).toBe(sent.body.applicationId);
    expect((await postJson(draftUrl, half)).status).toBe(409);

    await settle();
    const receipts = (await mail(stack.baseUrl)).filter(
      (m) => m.to.includes(email) && m.subject.startsWith('Kvittering'),
    );
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).toContain(sent.body.applicationId);

    const afterwards = await getText(draftUrl);
    expect(afterwards.status).toBe(303);
    const status = await getJson(draftUrl);
    expect(status.body).toEqual({ status: 'SENT', statusUrl: sent.body.statusUrl });
  });

  it('refuses a draft without the address, or with wrong types, as a submission does', async () => {
    const none = await postJson(`${stack.baseUrl}/drafts`, { programme: 'alis-nord' });
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: { path: string }) => e.path)).toContain('contact.email');
    const wrong = await postJson(`${stack.baseUrl}/drafts`, {
      contact: { email: 'x@vadso.example.no', name: 'A\u0007B' },
      patientList: { listSize: 'mange' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'contact.name',
      'patientList.listSize',
    ]);
  });

  it('mails the links for a matching organisation number and address, and nothing otherwise', async () => {
    const answer = await postJson(`${stack.baseUrl}/find`, {
      organisationNumber: nord.municipality.organisationNumber,
      email: 'utkast@vadso.example.no',
    });
    const other = await postJson(`${stack.baseUrl}/find`, {
      organisationNumber: nord.municipality.organisationNumber,
      email: 'someone.else@example.org',
    });
    expect([answer.status, other.status]).toEqual([202, 202]);
    expect(other.body).toEqual(answer.body);
    const [found] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes('utkast@vadso.example.no') && m.subject.startsWith('Lenke'),
      1,
    );
    expect(found!.subject).toMatch(/^Lenke til søknad AN-/);
    expect(linksIn(found!, 'status')).toHaveLength(1);
    await settle();
    expect((await mail(stack.baseUrl)).some((m) => m.to.includes('someone.else@example.org'))).toBe(
      false,
    );
  });

  it('withdraws an application in review: WITHDRAWN, the decision links gone, the reviewers and the contact told; again 409', async () => {
    const contact = 'trekk@vadso.example.no';
    const sent = await submit(stack.baseUrl, {
      ...nord,
      contact: { ...nord.contact, email: contact },
    });
    expect(sent.status).toBe(201);
    const { applicationId, statusUrl } = sent.body;
    const requests = await mailsMatching(
      stack.baseUrl,
      (m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0,
      REVIEWERS.length,
      'the review requests',
    );
    const decisionLinks = requests.flatMap((m) => linksIn(m, 'decisions')).map(local);
    const withdraw = `${local(statusUrl)}/withdraw`;

    const unconfirmed = await postJson(withdraw, { confirm: false });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.errors).toEqual([expect.objectContaining({ path: 'confirm' })]);
    const page = await getText(local(statusUrl));
    expect(page.text).toContain(`action="/status/${statusUrl.split('/').at(-1)}/withdraw"`);

    const withdrawn = await postJson(withdraw, { confirm: true });
    expect(withdrawn).toMatchObject({ status: 200, body: { applicationId, status: 'WITHDRAWN' } });
    expect((await statusOf(local(statusUrl))).status).toBe('WITHDRAWN');
    for (const link of decisionLinks) {
      expect((await getText(link)).status).toBe(410);
      expect((await postJson(link, { decision: 'approve' })).status).toBe(410);
    }
    const again = await postJson(withdraw, { confirm: true });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('already-withdrawn');

    const told = await mailsMatching(
      stack.baseUrl,
      (m) => m.subject === `Søknad ${applicationId} er trukket av kommunen`,
      REVIEWERS.length,
      "the reviewers' news of the withdrawal",
    );
    expect(told.map((m) => m.to[0]).sort()).toEqual([...REVIEWERS].sort());
    const [receipt] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(contact) && /trukket/.test(m.subject),
      1,
      "the municipality's receipt of the withdrawal",
    );
    expect(receipt!.subject).toContain(applicationId);
    await settle();
    const review = (await executions(stack.baseUrl)).find((e) => e.name === applicationId);
    expect(review?.status).toBe('SUCCEEDED');
    expect((await mail(stack.baseUrl)).filter((m) => /trukket/.test(m.subject))).toHaveLength(
      REVIEWERS.length + 1,
    );
  });

  it('refuses a withdrawal after a decision with 409', async () => {
    const contact = 'vedtak@bergen.example.no';
    const sent = await submit(stack.baseUrl, {
      ...vest,
      contact: { ...vest.contact, email: contact },
    });
    const { applicationId, statusUrl } = sent.body;
    const [request] = await mailsMatching(
      stack.baseUrl,
      (m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0,
      1,
      'a review request',
    );
    const decided = await postJson(local(linksIn(request!, 'decisions')[0]!), {
      decision: 'reject',
      comment: 'Mangler veileder.',
    });
    expect(decided.status).toBe(200);
    const refused = await postJson(`${local(statusUrl)}/withdraw`, { confirm: true });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].code).toBe('already-decided');
    expect((await statusOf(local(statusUrl))).status).toBe('REJECTED');
  });

  it('reminds a draft not sent once, 7 days before the round closes; its link then answers 410 with the way to /find', async () => {
    const email = 'paaminnelse@bergen.example.no';
    const saved = await postJson(`${stack.baseUrl}/drafts`, {
      programme: vest.programme,
      contact: { email },
    });
    expect(saved.status).toBe(201);
    const closesAt = Date.parse(
      PROGRAMMES['alis-vest'].rounds.find((r) => r.id === 'alis-vest-2027')!.closesAt,
    );
    const reminders = async () =>
      (await mail(stack.baseUrl)).filter(
        (m) => m.to.includes(email) && m.subject.startsWith('Påminnelse'),
      );
    await advance(stack.baseUrl, new Date(closesAt - 8 * 86_400_000 + 8 * 3_600_000));
    expect(await reminders()).toHaveLength(0);
    await advance(stack.baseUrl, new Date(closesAt - 7 * 86_400_000 + 8 * 3_600_000));
    await advance(stack.baseUrl, new Date(closesAt - 5 * 86_400_000 + 8 * 3_600_000));
    const [reminder] = await reminders();
    expect(await reminders()).toHaveLength(1);
    expect(reminder!.text.split('\n')[2]).toMatch(/^Send søknaden innen/);

    await advance(stack.baseUrl, new Date(closesAt + 3_600_000));
    const expired = await getText(local(saved.body.draftUrl));
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('href="/find"');
  });

  it("gives every e-mail to a municipality the programme lead's Reply-To", async () => {
    const staff = new Set(
      Object.values(PROGRAMMES).flatMap((p) => [
        p.people.lead,
        p.people.finance,
        ...p.people.reviewers,
      ]),
    );
    const toMunicipalities = (await mail(stack.baseUrl)).filter(
      (m) => !m.to.some((to) => staff.has(to)),
    );
    expect(toMunicipalities.length).toBeGreaterThan(4);
    for (const m of toMunicipalities) {
      // The footer names the programme that sent it; not every subject does.
      const programme = m.text.includes('automatisk fra ALIS-Vest') ? 'alis-vest' : 'alis-nord';
      expect(m.replyTo, m.subject).toEqual([PROGRAMMES[programme].people.lead]);
    }
  });
});
