// The lead's actions on an application beyond withdraw and resume, end to end through the local
// stack: each once in a state it fits, checked by its effect (links, e-mails, the grant's state),
// and once in a state it does not (409). On an open review: fresh decision links (the old answer
// 410) and a reviewer replaced; a changed contact (the new status link works, the old does not,
// the old address is told). On a grant: a year held back stays out of finance's notification
// until released; a grant ended mid-year tells finance, and the year it cancels while ready for
// payment ends its payment execution instead of leaving it waiting.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  advance,
  eventually,
  executions,
  FIXTURES,
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
const FINANCE = 'okonomi@alis-nord.example.no';
const FIRST = 'fagrad1@alis-nord.example.no';
const SECOND = 'fagrad2@alis-nord.example.no';
const ADDED = 'ny.fagrad@kommune.example.no';
const NEW_CONTACT = 'ny.kontakt@kommune.example.no';

interface GrantView {
  status: string;
  instalments: { year: number; dueDate: string; status: string }[];
}

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
  return (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));
}

/** The links under `path` of every e-mail to `to` about `about`, oldest first. */
async function linksTo(to: string, about: string, path: string): Promise<string[]> {
  const found = await mailsTo(to, (m) => m.text.includes(about));
  return found.flatMap((m) => linksIn(m, path)).map(local);
}

async function newLinkTo(to: string, about: string, path: string, known: string[] = []) {
  return eventually(async () => {
    const fresh = (await linksTo(to, about, path)).filter((l) => !known.includes(l));
    return fresh.at(-1);
  }, `a new ${path} link to ${to}`);
}

let cookie = '';
let csrf = '';

async function signIn(): Promise<void> {
  ({ cookie, csrf } = await signInAsStaff(stack.baseUrl, LEAD));
}

async function done(id: string, body: Record<string, unknown>) {
  const answer = await act(id, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

const act = (id: string, body: Record<string, unknown>) =>
  postJson(`${stack.baseUrl}/staff/applications/${id}/actions`, body, {
    cookie,
    'x-csrf-token': csrf,
  });

async function refused(id: string, body: Record<string, unknown>, code: string) {
  const answer = await act(id, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(409);
  expect(answer.body.errors[0].code).toBe(code);
}

async function grantOf(statusUrl: string, check: (g: GrantView) => boolean = () => true) {
  return eventually(async () => {
    const view = (await statusOf(statusUrl)) as unknown as { grant?: GrantView };
    return view.grant && check(view.grant) ? view.grant : undefined;
  }, 'the grant as expected');
}

const yearIs = (year: number, status: string) => (g: GrantView) =>
  g.instalments.find((i) => i.year === year)?.status === status;

async function today(): Promise<string> {
  return (await localNow(stack.baseUrl)).toISOString().slice(0, 10);
}

/** Noon in Oslo on a calendar date, some days on: after that day's 06:00 run. */
function noonOslo(date: string, days = 0): string {
  return new Date(new Date(`${date}T11:00:00Z`).getTime() + days * 86_400_000).toISOString();
}

let counter = 0;

/** An application from its own municipality and contact, a doctor employed from the start. */
async function applied(confirm = true) {
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.municipality.municipalityNumber = ['5601', '5603', '5605'][counter]!;
  body.contact.email = `kontakt${++counter}@kommune.example.no`;
  body.candidate = { kind: 'employed-doctor', monthsCompleted: 0 };
  const submitted = await submit(stack.baseUrl, body, undefined, { confirm });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return {
    id: submitted.body.applicationId as string,
    statusUrl: local(submitted.body.statusUrl as string),
    contact: body.contact.email as string,
  };
}

describe("the lead's actions on a review, a contact and a grant", () => {
  let a: Awaited<ReturnType<typeof applied>>;
  let b: Awaited<ReturnType<typeof applied>>;
  let waiting: Awaited<ReturnType<typeof applied>>;

  it('resend-links and replace-reviewer on an open review; change-contact; 409 where they do not fit', async () => {
    // Submitted before the reviewer is added: their rounds go to the two shipped reviewers.
    a = await applied();
    b = await applied();
    waiting = await applied(false);
    await signIn();
    const added = await postJson(
      `${stack.baseUrl}/staff/admin/alis-nord/staff`,
      { email: ADDED, role: 'reviewer' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(added.status).toBe(201);
    const old = [
      await newLinkTo(FIRST, a.id, 'decisions'),
      await newLinkTo(SECOND, a.id, 'decisions'),
    ];

    await done(a.id, { action: 'resend-links' });
    for (const link of old) expect((await fetch(link)).status).toBe(410);
    const fresh = await newLinkTo(FIRST, a.id, 'decisions', old);
    const second = await newLinkTo(SECOND, a.id, 'decisions', old);
    expect((await fetch(fresh)).status).toBe(200);
    await refused(a.id, { action: 'resend-links' }, 'already-sent');

    await done(a.id, { action: 'replace-reviewer', from: SECOND, to: ADDED });
    expect((await fetch(second)).status).toBe(410);
    expect((await fetch(await newLinkTo(ADDED, a.id, 'decisions'))).status).toBe(200);
    await refused(
      a.id,
      { action: 'replace-reviewer', from: SECOND, to: ADDED },
      'already-replaced',
    );

    const contact = { name: 'Nora Ny', email: NEW_CONTACT, phone: '+47 912 34 567' };
    await done(a.id, { action: 'change-contact', ...contact });
    const statusLink = await newLinkTo(NEW_CONTACT, a.id, 'status');
    expect((await statusOf(statusLink)).applicationId).toBe(a.id);
    expect((await fetch(a.statusUrl, { headers: { accept: 'application/json' } })).status).toBe(
      404,
    );
    await eventually(
      async () => (await mailsTo(a.contact, (m) => /Ny kontaktperson/.test(m.subject))).length > 0,
      'the old address told of the change',
    );
    a = { ...a, statusUrl: statusLink, contact: NEW_CONTACT };
    await refused(waiting.id, { action: 'change-contact', ...contact }, 'awaiting-contact');

    // Both approved: the review is over, so its actions no longer fit.
    expect((await postForm(fresh, { decision: 'approve', comment: 'Godt.' })).status).toBe(200);
    const bLink = await newLinkTo(FIRST, b.id, 'decisions');
    expect((await postForm(bLink, { decision: 'approve', comment: 'Godt.' })).status).toBe(200);
    await grantOf(a.statusUrl);
    await grantOf(b.statusUrl);
    await refused(a.id, { action: 'resend-links' }, 'no-open-round');
    await refused(a.id, { action: 'replace-reviewer', from: FIRST, to: SECOND }, 'no-open-round');
  });

  it('a held year stays out of the finance notification until released; 409 once notified', async () => {
    const hold = { action: 'hold-instalment', position: 1, year: 1 };
    await done(a.id, hold);
    await refused(a.id, hold, 'already-held');
    await refused(a.id, { action: 'release-instalment', position: 1, year: 2 }, 'not-held');
    await eventually(
      async () => (await mailsTo(FINANCE, (m) => /holdt tilbake/.test(m.subject))).length > 0,
      'finance told of the hold',
    );

    const due = (await grantOf(a.statusUrl)).instalments[0]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due));
    await grantOf(b.statusUrl, yearIs(1, 'NOTIFIED'));
    const notices = (m: LocalMail) => linksIn(m, 'payments').length > 0;
    const first = await mailsTo(FINANCE, notices);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain(b.id);
    expect(first[0]!.text).not.toContain(a.id);
    expect((await grantOf(a.statusUrl)).instalments[0]!.status).toBe('READY');

    await signIn();
    await done(a.id, { action: 'release-instalment', year: 1 });
    await advance(stack.baseUrl, noonOslo(due, 1));
    await grantOf(a.statusUrl, yearIs(1, 'NOTIFIED'));
    const second = (await mailsTo(FINANCE, notices)).slice(1);
    expect(second.map((m) => m.text.includes(a.id))).toEqual([true]);
    await signIn();
    await refused(a.id, hold, 'already-notified');
  });

  it('end-grant ends the position and tells finance; again, or without a grant, 409', async () => {
    const end = {
      action: 'end-grant',
      endDate: await today(),
      reason: 'Legen sluttet.',
      confirm: true,
    };
    const ended = await act(a.id, end);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const grant = await grantOf(a.statusUrl, (g) => g.status === 'ENDED');
    expect(grant.instalments.slice(1).map((i) => i.status)).toEqual(Array(4).fill('CANCELLED'));
    await eventually(
      async () =>
        (
          await mailsTo(
            FINANCE,
            (m) => /Tilskudd avsluttet/.test(m.subject) && m.subject.includes(a.id),
          )
        ).length === 1,
      'finance told of the end',
    );
    await refused(a.id, end, 'already-ended');
    await refused(waiting.id, end, 'no-grant');
  });

  it('a year ready for payment that end-grant cancels ends its payment execution', async () => {
    const due = (await grantOf(b.statusUrl)).instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due, -30));
    const request = await newLinkTo(b.contact, b.id, 'confirmations');
    const confirmed = await postForm(request, {
      status: 'continuing',
      employmentModel: 'salaried',
      listSize: '650',
    });
    expect(confirmed.status).toBe(200);
    await grantOf(b.statusUrl, yearIs(2, 'READY'));
    const execution = `${b.id}-y2`;
    const before = (await executions(stack.baseUrl)).find((e) => e.name === execution);
    expect(before?.waitingAt).toEqual(['Await payment']);

    await signIn();
    const end = {
      action: 'end-grant',
      endDate: await today(),
      reason: 'Legen sluttet.',
      confirm: true,
    };
    await done(b.id, end);
    await grantOf(b.statusUrl, yearIs(2, 'CANCELLED'));
    const after = await eventually(async () => {
      const found = (await executions(stack.baseUrl)).find((e) => e.name === execution);
      return found?.status !== 'RUNNING' && found;
    }, 'the year 2 payment execution ended');
    expect(after).toMatchObject({ status: 'SUCCEEDED', waitingAt: [] });
  });
});
