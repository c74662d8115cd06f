// The lead runs the rounds without a code change, end to end through the local stack: the seed a
// fresh stack starts from, a round opened for part of the programme's area with its own terms,
// applications in it, its capacity raised, the changes an open round refuses, and a running grant
// that keeps its own round's terms whatever is done to the rounds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  eventually,
  FIXTURES,
  linksIn,
  localNow,
  mail,
  postForm,
  postJson,
  signInAsStaff,
  statusOf,
  submit,
} from '../support/api.js';
import { osloDateOf } from '../../shared/domain/calendar.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const VEST_LEAD = 'leder@alis-vest.example.no';

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(address: string): Promise<string> {
  return (await signInAsStaff(stack.baseUrl, address)).cookie;
}

async function admin(cookie: string) {
  const response = await fetch(`${stack.baseUrl}/staff/admin`, {
    headers: { cookie, accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function post(session: Session, path: string, body: unknown, csrf = session.csrf) {
  return postJson(`${stack.baseUrl}${path}`, body, {
    cookie: session.cookie,
    'x-csrf-token': csrf,
  });
}

let counter = 0;

async function apply(municipalityNumber: string, region: string, positionsRequested = 1) {
  const body = structuredClone(FIXTURES['alis-vest']) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  body.municipality.region = region;
  body.positionsRequested = positionsRequested;
  body.contact.email = `runde${++counter}@kommune.example.no`;
  return submit(stack.baseUrl, body);
}

async function approve(applicationId: string) {
  const request = await eventually(
    async () =>
      (await mail(stack.baseUrl))
        .filter(
          (m) =>
            m.to.includes('fagrad1@alis-vest.example.no') &&
            m.text.includes(applicationId) &&
            linksIn(m, 'decisions').length > 0,
        )
        .at(-1),
    `the review request of ${applicationId}`,
  );
  const answer = await postForm(linksIn(request, 'decisions')[0]!, { decision: 'approve' });
  expect(answer.status).toBe(200);
}

async function grantOf(statusUrl: string) {
  return eventually(async () => {
    const view = (await statusOf(statusUrl)) as unknown as {
      grant?: {
        yearlyAmount: number;
        instalments: { year: number; grant: number; egenandel: number; net: number }[];
      };
    };
    return view.grant;
  }, `the grant behind ${statusUrl}`);
}

describe('rounds as data, run by the lead', () => {
  let lead: Session;

  it('starts from the seed, and only the lead of the programme may change its rounds', async () => {
    const cookie = await signIn(VEST_LEAD);
    const page = await admin(cookie);
    expect(page.status).toBe(200);
    lead = { cookie, csrf: page.body.csrfToken };
    const [vest] = page.body.programmes;
    expect(vest.programme).toBe('alis-vest');
    expect(vest.rounds.map((r: { roundId: string }) => r.roundId)).toEqual([
      'alis-vest-2027',
      'alis-vest-2019',
    ]);
    expect(vest.rounds[0]).toMatchObject({
      opensOn: '2026-09-01',
      closesOn: '2027-04-30',
      positions: 15,
      counties: ['Vestland', 'Rogaland', 'Møre og Romsdal'],
      maxYearlyAmount: 200_000,
      municipalShare: 50_000,
      maxPositionsPerMunicipality: 2,
      approvedPositions: 0,
    });

    const reviewer = await signIn('fagrad1@alis-vest.example.no');
    expect((await admin(reviewer)).status).toBe(403);
    const forbidden = await post(
      { cookie: reviewer, csrf: 'x' },
      '/staff/admin/alis-vest/rounds/alis-vest-2027',
      { positions: 16 },
    );
    expect(forbidden.status).toBe(403);
    // Another programme's rounds are not there for this lead.
    const other = await post(lead, '/staff/admin/alis-nord/rounds/alis-nord-2027', {
      positions: 30,
    });
    expect(other.status).toBe(404);
    // Without the session's CSRF token: refused.
    const forged = await post(
      lead,
      '/staff/admin/alis-vest/rounds/alis-vest-2027',
      { positions: 16 },
      'not-the-token',
    );
    expect(forged.status).toBe(403);
  });

  let running: { statusUrl: string; before: unknown };

  it('keeps an open round’s terms: counties and amounts cannot change once it has opened', async () => {
    const submitted = await apply('4634', 'helse-bergen');
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    await approve(submitted.body.applicationId);
    const grant = await grantOf(submitted.body.statusUrl);
    expect(grant.yearlyAmount).toBe(200_000);
    expect(grant.instalments[0]).toMatchObject({ grant: 200_000, egenandel: 50_000 });
    running = { statusUrl: submitted.body.statusUrl, before: grant };

    for (const change of [{ counties: ['Rogaland'] }, { maxYearlyAmount: 100_000 }]) {
      const refused = await post(lead, '/staff/admin/alis-vest/rounds/alis-vest-2027', change);
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.errors[0]).toMatchObject({
        path: Object.keys(change)[0],
        code: 'round-started',
      });
    }
    // A new round may not take applications while this one does.
    const now = await localNow(stack.baseUrl);
    const overlapping = await post(lead, '/staff/admin/alis-vest/rounds', {
      name: 'Søknadsrunde 2028',
      opensOn: osloDateOf(now),
      closesOn: '2028-03-31',
      positions: 3,
      counties: ['Rogaland'],
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.errors[0].code).toBe('overlapping-round');
  });

  let roundId: string;

  it('opens a 2028 round for Rogaland only with its own terms, without a code change', async () => {
    const closed = await post(lead, '/staff/admin/alis-vest/rounds/alis-vest-2027', {
      closeNow: true,
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.round.closedEarlyAt).toBeDefined();

    const invalid = await post(lead, '/staff/admin/alis-vest/rounds', {
      name: '',
      opensOn: '2027-02-30',
      closesOn: 20280331,
      positions: 'tre',
      counties: ['Oslo'],
      municipalShare: -1,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['closesOn', 'counties', 'municipalShare', 'name', 'opensOn', 'positions'].sort(),
    );

    const now = await localNow(stack.baseUrl);
    const round = {
      name: 'Søknadsrunde 2028',
      opensOn: osloDateOf(now),
      closesOn: '2028-03-31',
      positions: 3,
      counties: ['Rogaland'],
      maxYearlyAmount: 180_000,
      municipalShare: 40_000,
      maxPositionsPerMunicipality: 1,
    };
    const created = await post(lead, '/staff/admin/alis-vest/rounds', round);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    roundId = created.body.roundId;
    expect(roundId).toBe('alis-vest-2028');
    // The same post again (a retry) makes no second round.
    const again = await post(lead, '/staff/admin/alis-vest/rounds', round);
    expect(again.status).toBe(200);
    expect(again.body.roundId).toBe(roundId);
  });

  it('takes applications by the round’s terms: its counties, its cap, its amounts', async () => {
    const vestland = await apply('4634', 'helse-bergen');
    expect(vestland.status).toBe(400);
    expect(vestland.body.errors[0]).toMatchObject({
      path: 'municipality.municipalityNumber',
      code: 'county-not-in-round',
    });
    const tooMany = await apply('1103', 'helse-stavanger', 2);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]).toMatchObject({ path: 'positionsRequested', code: 'over-cap' });

    const rogaland = await apply('1103', 'helse-stavanger');
    expect(rogaland.status, JSON.stringify(rogaland.body)).toBe(201);
    await approve(rogaland.body.applicationId);
    const grant = await grantOf(rogaland.body.statusUrl);
    expect(grant.yearlyAmount).toBe(180_000);
    expect(grant.instalments[0]).toMatchObject({ grant: 180_000, egenandel: 40_000, net: 140_000 });
    const sandnes = await apply('1108', 'helse-stavanger');
    expect(sandnes.status, JSON.stringify(sandnes.body)).toBe(201);
    await approve(sandnes.body.applicationId);
    await grantOf(sandnes.body.statusUrl);
  });

  it('raises the open round’s capacity, refuses lowering it below the approved and any other change', async () => {
    const raised = await post(lead, `/staff/admin/alis-vest/rounds/${roundId}`, { positions: 5 });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body.round.positions).toBe(5);

    const below = await post(lead, `/staff/admin/alis-vest/rounds/${roundId}`, { positions: 1 });
    expect(below.status).toBe(409);
    expect(below.body.errors[0]).toMatchObject({ path: 'positions', code: 'below-approved' });
    const counties = await post(lead, `/staff/admin/alis-vest/rounds/${roundId}`, {
      counties: ['Rogaland', 'Vestland'],
    });
    expect(counties.status).toBe(409);
    const later = await post(lead, `/staff/admin/alis-vest/rounds/${roundId}`, {
      closesOn: '2028-04-30',
    });
    expect(later.status).toBe(200);

    // Every change is on record: who, when, the old and the new value.
    const page = await admin(lead.cookie);
    const round = page.body.programmes[0].rounds.find(
      (r: { roundId: string }) => r.roundId === roundId,
    );
    expect(round).toMatchObject({ positions: 5, approvedPositions: 2, closesOn: '2028-04-30' });
    expect(round.history.map((h: { type: string }) => h.type)).toEqual([
      'round-created',
      'round-changed',
      'round-changed',
    ]);
    expect(round.history[1]).toMatchObject({
      by: VEST_LEAD,
      changes: [{ field: 'positions', old: 3, new: 5 }],
    });
  });

  it('leaves the running grant of the earlier round as it was', async () => {
    expect(await grantOf(running.statusUrl)).toEqual(running.before);
  });

  it('shows the rounds on the lead’s page, and a refused form again with its messages', async () => {
    const page = await fetch(`${stack.baseUrl}/staff/admin`, { headers: { cookie: lead.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Søknadsrunde 2028');
    const refused = await fetch(`${stack.baseUrl}/staff/admin/alis-vest/rounds/${roundId}`, {
      method: 'POST',
      headers: { cookie: lead.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: lead.csrf, positions: '2' }).toString(),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('ds-error-summary');
  });
});
