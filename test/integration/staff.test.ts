// The programme office's side, end to end through the local stack: sign-in by e-mailed link
// (GET-safe, single use, expiring), the session guard on every staff path, programme scoping,
// cross-site posts, and the dashboard, evaluation and exports checked against a scenario driven
// through the real workflow (applications, decisions, grants over two years, an ended grant).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  FIXTURES,
  advance,
  eventually,
  linksIn,
  localNow,
  mail,
  postForm,
  statusOf,
  submit,
  type LocalMail,
} from '../support/api.js';

type ProgrammeId = 'alis-nord' | 'alis-vest';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const NORD_LEAD = 'leder@alis-nord.example.no';
const VEST_FINANCE = 'okonomi@alis-vest.example.no';

async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
  return (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));
}

/** Asks for a sign-in link and answers the newest one that arrived. */
async function signInLink(address: string): Promise<string> {
  const before = (await mailsTo(address, (m) => linksIn(m, 'staff/signin').length > 0)).length;
  const asked = await postForm(`${stack.baseUrl}/staff/login`, { email: address });
  expect(asked.status).toBe(200);
  const message = await eventually(async () => {
    const all = await mailsTo(address, (m) => linksIn(m, 'staff/signin').length > 0);
    return all.length > before ? all.at(-1) : undefined;
  }, `a sign-in link for ${address}`);
  return linksIn(message, 'staff/signin')[0]!;
}

/** Signs in through a fresh link; answers the session cookie to send back. */
async function signIn(address: string): Promise<string> {
  const link = await signInLink(address);
  const answer = await postForm(link, {});
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toBe('/staff');
  const setCookie = answer.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^alis_staff=[A-Za-z0-9_-]{43};/);
  for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/staff']) {
    expect(setCookie).toContain(attribute);
  }
  return setCookie.split(';')[0]!;
}

async function get(path: string, cookie?: string, accept?: string) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    redirect: 'manual',
    headers: { ...(cookie && { cookie }), ...(accept && { accept }) },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function getJson<T>(path: string, cookie: string): Promise<T> {
  const answer = await get(path, cookie, 'application/json');
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text) as T;
}

/** A CSV export, parsed: the byte-order mark checked, then rows of cells (no quoted `;` here). */
async function csv(path: string, cookie: string): Promise<Record<string, string>[]> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...lines] = bytes
    .toString('utf8')
    .slice(1)
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(';'));
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

let counter = 0;

async function submitted(programme: ProgrammeId, municipalityNumber: string, region?: string) {
  const body = structuredClone(FIXTURES[programme]) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  if (programme === 'alis-vest') body.municipality.region = 'helse-stavanger';
  if (region) body.municipality.region = region;
  body.contact.email = `ansatt${++counter}@kommune.example.no`;
  // A doctor already employed: paid from the month after the decision, with no start to report.
  if (programme === 'alis-nord') body.candidate = { kind: 'employed-doctor', monthsCompleted: 0 };
  const answer = await submit(stack.baseUrl, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const { applicationId, statusUrl } = answer.body as { applicationId: string; statusUrl: string };
  return { applicationId, statusUrl, contact: body.contact.email as string, programme };
}

type Submitted = Awaited<ReturnType<typeof submitted>>;

async function decide(app: Submitted, fields: Record<string, string>) {
  const request = await eventually(async () => {
    const found = await mailsTo(
      `fagrad1@${app.programme}.example.no`,
      (m) => m.text.includes(app.applicationId) && linksIn(m, 'decisions').length > 0,
    );
    return found.at(-1);
  }, `the review request of ${app.applicationId}`);
  const answer = await postForm(linksIn(request, 'decisions')[0]!, fields);
  expect(answer.status).toBe(200);
}

async function statusIs(app: Submitted, status: string) {
  await eventually(
    async () => (await statusOf(app.statusUrl)).status === status,
    `${app.applicationId} ${status}`,
  );
}

async function grantOf(app: Submitted) {
  return eventually(async () => {
    const view = (await statusOf(app.statusUrl)) as unknown as {
      grant?: {
        startDate: string;
        status: string;
        instalments: { year: number; status: string; dueDate: string }[];
      };
    };
    return view.grant;
  }, `the grant of ${app.applicationId}`);
}

async function instalmentIs(app: Submitted, year: number, status: string) {
  await eventually(async () => {
    const grant = await grantOf(app);
    return grant.instalments.find((i) => i.year === year)?.status === status;
  }, `year ${year} of ${app.applicationId} ${status}`);
}

function noonOslo(date: string, days = 0): string {
  const day = new Date(`${date}T11:00:00Z`);
  return new Date(day.getTime() + days * 86_400_000).toISOString();
}

const STAFF_PATHS = [
  '/staff',
  '/staff/applications',
  '/staff/applications/AN-2026-AAAAAAAA',
  '/staff/evaluation',
  '/staff/exports/alis-nord/applications.csv',
  '/staff/exports/alis-vest/audit.csv',
  '/staff/nowhere',
  '/staff/exports/alis-nord/nothing.csv',
];

describe('staff sign-in and access', () => {
  it('refuses every staff path without a session: 302 to the login page for pages, 401 for JSON and CSV', async () => {
    for (const path of STAFF_PATHS) {
      const page = await get(path);
      if (path.endsWith('.csv')) {
        expect(page.status, path).toBe(401);
      } else {
        expect(page.status, path).toBe(302);
        expect(page.headers.get('location'), path).toBe('/staff/login');
      }
      expect((await get(path, undefined, 'application/json')).status, path).toBe(401);
      expect((await get(path, `alis_staff=${'x'.repeat(43)}`)).status, path).not.toBe(200);
    }
    const logout = await postForm(`${stack.baseUrl}/staff/logout`, { csrf: 'x' });
    expect([302, 401]).toContain(logout.status);
    expect((await get('/staff/login')).status).toBe(200);
  });

  it('e-mails a link to a staff address only, with the same answer for any address', async () => {
    const stranger = await postForm(`${stack.baseUrl}/staff/login`, {
      email: 'ukjent@kommune.example.no',
    });
    const staff = await postForm(`${stack.baseUrl}/staff/login`, {
      email: 'Fagrad2@ALIS-Vest.example.no',
    });
    expect(stranger.status).toBe(200);
    expect(staff.status).toBe(200);
    expect(stranger.text).toBe(staff.text);
    await eventually(
      async () => (await mailsTo('fagrad2@alis-vest.example.no')).length > 0,
      'the sign-in mail',
    );
    expect(await mailsTo('ukjent@kommune.example.no')).toHaveLength(0);
    // Asking again at once sends nothing more: nobody can fill a staff inbox.
    await postForm(`${stack.baseUrl}/staff/login`, { email: 'fagrad2@alis-vest.example.no' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo('fagrad2@alis-vest.example.no')).toHaveLength(1);
    for (const email of ['', 'ikke en adresse', 'a@b']) {
      expect((await postForm(`${stack.baseUrl}/staff/login`, { email })).status).toBe(400);
    }
    for (const body of [null, 42, [], { email: 7 }, { email: ['a@b.no'] }, { email: { a: 1 } }]) {
      const answer = await fetch(`${stack.baseUrl}/staff/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(await answer.text()).not.toMatch(/Error|at \w+ \(/);
    }
  });

  it('a sign-in link: GET shows a button and changes nothing; POST signs in once; a second POST is refused', async () => {
    const link = await signInLink(NORD_LEAD);
    const mailed = (await mailsTo(NORD_LEAD)).at(-1)!;
    expect(mailed.html).toContain(link);
    for (let i = 0; i < 3; i++) {
      const page = await get(new URL(link).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<form method="post"');
      expect(page.headers.get('set-cookie')).toBeNull();
    }
    const first = await postForm(link, {});
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await get('/staff', cookie)).status).toBe(200);
    expect((await postForm(link, {})).status).toBe(409);
    expect((await get(new URL(link).pathname)).status).toBe(409);
    expect((await get(`/staff/signin/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await get('/staff/signin/kort')).status).toBe(404);
  });

  it('a sign-in link expires after 15 minutes', async () => {
    // A minute on, so the address may be sent another link.
    await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 61_000));
    const link = await signInLink('fagrad1@alis-nord.example.no');
    await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 16 * 60_000));
    expect((await get(new URL(link).pathname)).status).toBe(410);
    expect((await postForm(link, {})).status).toBe(410);
  });

  it('refuses cross-site posts: a foreign Origin, Sec-Fetch-Site cross-site, a sign-out without its token', async () => {
    await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 61_000));
    const link = await signInLink(NORD_LEAD);
    const crossSite: Record<string, string>[] = [
      { origin: 'https://angriper.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const answer = await fetch(link, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: '',
      });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    // The refused posts did not spend the link.
    const signedIn = await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: new URL(stack.baseUrl).origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;

    const noToken = await fetch(`${stack.baseUrl}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=feil',
    });
    expect(noToken.status).toBe(403);
    const foreign = await fetch(`${stack.baseUrl}/staff/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://angriper.example',
      },
      body: `email=${encodeURIComponent(NORD_LEAD)}`,
    });
    expect(foreign.status).toBe(403);
    expect((await get('/staff', cookie)).status).toBe(200);

    // Signing out with the page's own token ends the session on the server.
    const page = await get('/staff', cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const out = await fetch(`${stack.baseUrl}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${encodeURIComponent(csrf)}`,
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/staff', cookie)).status).toBe(302);
  });
});

describe('staff figures after a scenario through the local stack', () => {
  let nordCookie: string;
  let vestCookie: string;
  let kept: Submitted;
  let ended: Submitted;
  let rejected: Submitted;
  let changes: Submitted;
  let waiting: Submitted;
  let vest: Submitted;

  it('drives applications, decisions and two grant years', async () => {
    kept = await submitted('alis-nord', '5601');
    ended = await submitted('alis-nord', '5603');
    rejected = await submitted('alis-nord', '1804', 'nordlandssykehuset');
    changes = await submitted('alis-nord', '5605');
    waiting = await submitted('alis-nord', '5610');
    vest = await submitted('alis-vest', '1103');
    await decide(kept, { decision: 'approve', comment: 'Godt forankret.' });
    await decide(ended, { decision: 'approve', comment: 'Godkjent.' });
    await decide(rejected, { decision: 'reject', comment: 'Mangler veileder.' });
    await decide(changes, { decision: 'request-changes', comment: 'Beskriv supervisjonen.' });
    await decide(vest, { decision: 'approve', comment: 'Ok.' });
    await statusIs(rejected, 'REJECTED');
    await statusIs(changes, 'CHANGES_REQUESTED');
    expect((await statusOf(waiting.statusUrl)).status).toBe('IN_REVIEW');
    const plan = await grantOf(kept);
    await grantOf(ended);
    await grantOf(vest);

    // Year 1 is paid; year 2 is confirmed for one grant (as self-employed now) and ended for the other.
    await advance(
      stack.baseUrl,
      noonOslo((await localNow(stack.baseUrl)).toISOString().slice(0, 10), 1),
    );
    await advance(stack.baseUrl, noonOslo(plan.startDate));
    await instalmentIs(kept, 1, 'NOTIFIED');
    await instalmentIs(vest, 1, 'NOTIFIED');
    const notification = await eventually(async () => {
      const found = await mailsTo(
        'okonomi@alis-nord.example.no',
        (m) => linksIn(m, 'payments').length > 0 && m.attachments.length > 0,
      );
      return found.at(-1);
    }, 'the finance notification');
    const paid = await postForm(linksIn(notification, 'payments')[0]!, { paidOn: plan.startDate });
    expect(paid.status).toBe(200);
    await instalmentIs(kept, 1, 'PAID');
    await instalmentIs(ended, 1, 'PAID');

    const due2 = plan.instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due2, -30));
    await instalmentIs(kept, 2, 'AWAITING_CONFIRMATION');
    const confirm = async (app: Submitted, fields: Record<string, string>) => {
      const request = await eventually(async () => {
        const found = await mailsTo(app.contact, (m) => linksIn(m, 'confirmations').length > 0);
        return found.at(-1);
      }, `the confirmation request of ${app.applicationId}`);
      expect((await postForm(linksIn(request, 'confirmations')[0]!, fields)).status).toBe(200);
    };
    await confirm(kept, {
      status: 'continuing',
      employmentModel: 'self-employed',
      listSize: '700',
    });
    await confirm(ended, { status: 'ended', endDate: noonOslo(due2, -20).slice(0, 10) });
    await eventually(async () => (await grantOf(ended)).status === 'ENDED', 'the ended grant');

    nordCookie = await signInAgain(NORD_LEAD);
    vestCookie = await signInAgain(VEST_FINANCE);
  }, 240_000);

  it('the dashboard counts what happened', async () => {
    const { programmes } = await getJson<{ programmes: any[] }>('/staff', nordCookie);
    expect(programmes.map((p) => p.programme)).toEqual(['alis-nord']);
    const total = programmes[0].total;
    expect(total.applications).toBe(5);
    expect(total.byStatus, JSON.stringify(total.byStatus)).toMatchObject({
      ACTIVE: 1,
      ENDED: 1,
      REJECTED: 1,
      // The change request went unanswered for 30 days while the grants ran: withdrawn.
      WITHDRAWN: 1,
      IN_REVIEW: 1,
    });
    expect(total.positionsApproved).toBe(2);
    expect(total.byEmploymentModel).toEqual({ salaried: 5, 'self-employed': 0 });
    const county = Object.fromEntries(total.byCounty.map((c: any) => [c.key, c.count]));
    expect(county).toMatchObject({ Finnmark: 4, Nordland: 1 });
    const paidSum = total.money.reduce((sum: number, y: any) => sum + y.paid, 0);
    expect(paidSum).toBe(400_000);
    expect(total.moneyTotal.paid).toBe(400_000);
    // One grant ended: its later years are cancelled, so only the kept grant's four years remain.
    const { toCome, notified, held } = total.moneyTotal;
    expect(toCome + notified + held).toBe(4 * 200_000);
    expect(total.waitingReviews.map((w: any) => w.applicationId)).toEqual([waiting.applicationId]);

    const page = await get('/staff', nordCookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('/staff/exports/alis-nord/applications.csv');
    expect(page.text).not.toContain(vest.applicationId);
  });

  it('the evaluation follows the confirmations: a change of model, an ended grant, list sizes, money paid', async () => {
    const { programmes } = await getJson<{ programmes: any[] }>('/staff/evaluation', nordCookie);
    const nord = programmes[0];
    expect(nord.total.started).toEqual({ salaried: 2, 'self-employed': 0 });
    const year2 = nord.total.inPosition.find((y: any) => y.year === 2);
    expect(year2).toMatchObject({ salaried: 0, 'self-employed': 1 });
    expect(nord.modelChanges).toEqual([
      expect.objectContaining({
        applicationId: kept.applicationId,
        year: 2,
        from: 'salaried',
        to: 'self-employed',
      }),
    ]);
    expect(nord.endedGrants).toEqual([
      expect.objectContaining({ applicationId: ended.applicationId, endReason: 'position-ended' }),
    ]);
    expect(nord.total.listSizes).toContainEqual(
      expect.objectContaining({ year: 2, employmentModel: 'self-employed', count: 1, mean: 700 }),
    );
    expect(nord.total.paid).toEqual({ salaried: 400_000, 'self-employed': 0 });
    const page = await get('/staff/evaluation', nordCookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<table');
  });

  it('the applications list filters and pages; the detail page shows decisions, the trail and the grant', async () => {
    const all = await getJson<{ applications: any[] }>('/staff/applications', nordCookie);
    expect(all.applications.map((a) => a.applicationId).sort()).toEqual(
      [kept, ended, rejected, changes, waiting].map((a) => a.applicationId).sort(),
    );
    const rejectedOnly = await getJson<{ applications: any[] }>(
      '/staff/applications?status=REJECTED',
      nordCookie,
    );
    expect(rejectedOnly.applications.map((a) => a.applicationId)).toEqual([rejected.applicationId]);
    const nordland = await getJson<{ applications: any[] }>(
      '/staff/applications?county=Nordland',
      nordCookie,
    );
    expect(nordland.applications.map((a) => a.applicationId)).toEqual([rejected.applicationId]);
    for (const query of ['status=NOPE', 'county=Vestland', 'model=%00', 'after=xyz', 'round=r']) {
      expect((await get(`/staff/applications?${query}`, nordCookie)).status, query).toBe(400);
    }

    const detail = await get(`/staff/applications/${rejected.applicationId}`, nordCookie);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('Mangler veileder.');
    expect(detail.text).toContain('Historikk');
    const grant = await get(`/staff/applications/${ended.applicationId}`, nordCookie);
    expect(grant.text).toContain('Tilskuddet');
  });

  it("one programme's staff cannot see the other's applications or exports", async () => {
    expect((await get(`/staff/applications/${vest.applicationId}`, nordCookie)).status).toBe(404);
    expect((await get('/staff/applications?programme=alis-vest', nordCookie)).status).toBe(404);
    for (const file of ['applications', 'instalments', 'audit']) {
      expect((await get(`/staff/exports/alis-vest/${file}.csv`, nordCookie)).status).toBe(404);
      expect((await get(`/staff/exports/alis-nord/${file}.csv`, vestCookie)).status).toBe(404);
    }
    // Vest's finance sees its own instalments, but no applications: the role does not open them.
    expect((await get('/staff/exports/alis-vest/instalments.csv', vestCookie)).status).toBe(200);
    expect((await get('/staff/applications', vestCookie, 'application/json')).status).toBe(403);
  });

  it('the exports match the scenario, parsed', async () => {
    const applications = await csv('/staff/exports/alis-nord/applications.csv', nordCookie);
    expect(applications.map((r) => r['Søknads-ID']).sort()).toEqual(
      [kept, ended, rejected, changes, waiting].map((a) => a.applicationId).sort(),
    );
    expect(applications.find((r) => r['Søknads-ID'] === rejected.applicationId)).toMatchObject({
      Status: 'REJECTED',
      Fylke: 'Nordland',
    });

    const instalments = await csv('/staff/exports/alis-nord/instalments.csv', nordCookie);
    expect(instalments).toHaveLength(10);
    const statusOfYear = (app: Submitted, year: number) =>
      instalments.find((r) => r['Søknads-ID'] === app.applicationId && r.År === String(year))
        ?.Status;
    expect(statusOfYear(kept, 1)).toBe('PAID');
    expect(statusOfYear(ended, 3)).toBe('CANCELLED');
    expect(
      instalments
        .filter((r) => r.Status === 'PAID')
        .reduce((s, r) => s + Number(r['Til utbetaling (kr)']), 0),
    ).toBe(400_000);

    const audit = await csv('/staff/exports/alis-nord/audit.csv', nordCookie);
    const typesOf = (app: Submitted) =>
      audit.filter((r) => r['Søknads-ID'] === app.applicationId).map((r) => r.Hendelse);
    expect(typesOf(rejected)).toEqual(expect.arrayContaining(['submitted', 'rejected']));
    expect(typesOf(ended)).toEqual(expect.arrayContaining(['grant-created', 'grant-ended']));
    expect(audit.some((r) => r['Søknads-ID'] === vest.applicationId)).toBe(false);
  });
});

/** A fresh session, a minute after the last link to the address (one link a minute per address). */
async function signInAgain(address: string): Promise<string> {
  await advance(stack.baseUrl, new Date((await localNow(stack.baseUrl)).getTime() + 61_000));
  return signIn(address);
}
