// The role matrix: every staff route (from the route table, so a new one cannot be left out) for
// a person with each role in each programme, and without a session, through the router against
// the table fake. Expected: what the role opens answers, another programme's data is unknown
// (404), the rest of a signed-in person's requests 403; no session 302 (pages) or 401 (JSON, CSV).
// Then the CSRF token on staff POSTs, and the session's own JSON.

import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRAMME_IDS, type ProgrammeId } from '../../../shared/domain/programmes.js';
import {
  AREA_ROLES,
  STAFF_ROLES,
  type StaffArea,
  type StaffRole,
} from '../../../shared/domain/staff.js';
import { ROUTE_KEYS } from '../../../shared/http-routes.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import type { Request } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import { STAFF_ROUTE_AREAS, type StaffRouteKey } from '../../../shared/web/routes/staff.js';
import { renderPdf } from '../../../shared/presentation/pdf.js';
import { sessionItem } from '../../support/session-item.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, OPEN, request, storedApplication } from './support.js';

const sfn = mockClient(SFNClient);
const CSRF = 'c'.repeat(43);

/** Whose session: the seed's one person per role and programme. */
const PERSON: Record<ProgrammeId, Record<StaffRole, string>> = {
  'alis-nord': {
    lead: 'leder@alis-nord.example.no',
    reviewer: 'fagrad1@alis-nord.example.no',
    finance: 'okonomi@alis-nord.example.no',
  },
  'alis-vest': {
    lead: 'leder@alis-vest.example.no',
    reviewer: 'fagrad1@alis-vest.example.no',
    finance: 'okonomi@alis-vest.example.no',
  },
};
const SESSIONS = new Map<string, string>(
  PROGRAMME_IDS.flatMap((p) => STAFF_ROLES.map((r) => [PERSON[p][r], newLinkToken()])),
);

const APPLICATION_ID: Record<ProgrammeId, string> = {
  'alis-nord': 'AN-2026-ABCDEFGH',
  'alis-vest': 'AV-2026-ABCDEFGH',
};

function items(): FakeItem[] {
  const nord = storedApplication();
  const vest = {
    ...nord,
    pk: `APP#${APPLICATION_ID['alis-vest']}`,
    applicationId: APPLICATION_ID['alis-vest'],
    programme: 'alis-vest',
    roundId: 'alis-vest-2027',
  };
  const sessions = [...SESSIONS].map(([email, id]) => sessionItem(id, email, [], OPEN, CSRF));
  return [nord, vest, ...sessions, ...seededRegisters()];
}

const WARM_UP = {
  id: 'x',
  kind: 'letter',
  title: 'x',
  date: '2026-12-03',
  caseNumber: 'x',
  sender: 'x',
  recipient: 'x',
} as const;

let table: Map<string, FakeItem>;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
  // The PDF library and fonts load on the first PDF; here, not within a role's timed test.
  await renderPdf({ ...WARM_UP, sections: [] });
}, 30_000);
afterAll(() => vi.useRealTimers());

function reset(): void {
  table = fakeTable(items(), { applyTransactions: true });
  // Partitions read whole (an application's records, the administration log); the index is empty.
  dynamo.on(QueryCommand).callsFake((input) => {
    if (input.IndexName) return { Items: [] };
    const pk = input.ExpressionAttributeValues[':pk'];
    const prefix = input.ExpressionAttributeValues[':prefix'] ?? '';
    return {
      Items: [...table.values()].filter((i) => i.pk === pk && String(i.sk).startsWith(prefix)),
    };
  });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
}

beforeEach(reset);

interface Sample {
  path: string;
  /** The programme whose data the request is about; absent for pages across programmes. */
  programme?: ProgrammeId;
  /** The area it needs, where the route table says it depends on the export file. */
  area?: StaffArea;
  pathParameters?: Record<string, string>;
  body?: { json: unknown } | { form: Record<string, string> };
  accept?: string;
  /** The answer when allowed. */
  ok: number;
}

const each = (make: (p: ProgrammeId) => Sample) => PROGRAMME_IDS.map(make);

/** Requests to every staff route. Typed by the route table: a new staff route does not compile without its own. */
const SAMPLES: Record<StaffRouteKey, Sample[]> = {
  'GET /staff/login': [{ path: '/staff/login', ok: 200 }],
  'POST /staff/login': [
    { path: '/staff/login', body: { form: { email: 'noen@kommune.example.no' } }, ok: 200 },
  ],
  'GET /staff/signin/{token}': [
    { path: '/staff/signin/x', pathParameters: { token: 'A'.repeat(43) }, ok: 404 },
  ],
  'POST /staff/signin/{token}': [
    { path: '/staff/signin/x', pathParameters: { token: 'A'.repeat(43) }, ok: 404 },
  ],
  'POST /staff/logout': [{ path: '/staff/logout', body: { form: { csrf: CSRF } }, ok: 303 }],
  'GET /staff': [
    { path: '/staff', ok: 200 },
    { path: '/staff', accept: 'application/json', ok: 200 },
  ],
  'GET /staff/applications': [
    { path: '/staff/applications', ok: 200 },
    ...each((p) => ({ path: `/staff/applications?programme=${p}`, programme: p, ok: 200 })),
  ],
  'GET /staff/applications/{id}': each((p) => ({
    path: `/staff/applications/${APPLICATION_ID[p]}`,
    pathParameters: { id: APPLICATION_ID[p] },
    programme: p,
    ok: 200,
  })),
  // The role and the programme are checked before the body, which here lacks its reason.
  'POST /staff/applications/{id}/actions': each((p) => ({
    path: `/staff/applications/${APPLICATION_ID[p]}/actions`,
    pathParameters: { id: APPLICATION_ID[p] },
    programme: p,
    body: { json: { action: 'withdraw', confirm: true } },
    ok: 400,
  })),
  'GET /staff/applications/{id}/documents/{documentId}': each((p) => ({
    path: `/staff/applications/${APPLICATION_ID[p]}/documents/application-1`,
    pathParameters: { id: APPLICATION_ID[p], documentId: 'application-1' },
    programme: p,
    ok: 200,
  })),
  // The role and the programme are checked first; the application is still under review.
  'GET /staff/applications/{id}/archive': each((p) => ({
    path: `/staff/applications/${APPLICATION_ID[p]}/archive`,
    pathParameters: { id: APPLICATION_ID[p] },
    programme: p,
    ok: 409,
  })),
  'GET /staff/evaluation': [{ path: '/staff/evaluation', ok: 200 }],
  'GET /staff/exports/{programme}/{file}': PROGRAMME_IDS.flatMap((p) =>
    (['applications', 'instalments', 'audit'] as const).map((name) => ({
      path: `/staff/exports/${p}/${name}.csv`,
      pathParameters: { programme: p, file: `${name}.csv` },
      programme: p,
      area: `export:${name}` as const,
      ok: 200,
    })),
  ),
  'GET /staff/admin': [{ path: '/staff/admin', ok: 200 }],
  'POST /staff/admin/{programme}/staff': each((p) => ({
    path: `/staff/admin/${p}/staff`,
    pathParameters: { programme: p },
    programme: p,
    body: { json: { email: 'ny@kommune.example.no', role: 'reviewer' } },
    ok: 201,
  })),
  'POST /staff/admin/{programme}/staff/remove': each((p) => ({
    path: `/staff/admin/${p}/staff/remove`,
    pathParameters: { programme: p },
    programme: p,
    body: { json: { email: `fagrad2@${p}.example.no`, role: 'reviewer' } },
    ok: 200,
  })),
  'POST /staff/admin/{programme}/rounds': each((p) => ({
    path: `/staff/admin/${p}/rounds`,
    pathParameters: { programme: p },
    programme: p,
    body: {
      json: {
        name: 'Søknadsrunde 2030',
        opensOn: '2029-10-01',
        closesOn: '2030-03-31',
        positions: 3,
        counties: [p === 'alis-nord' ? 'Nordland' : 'Rogaland'],
      },
    },
    ok: 201,
  })),
  'POST /staff/admin/{programme}/rounds/{roundId}': each((p) => ({
    path: `/staff/admin/${p}/rounds/${p}-2027`,
    pathParameters: { programme: p, roundId: `${p}-2027` },
    programme: p,
    body: { json: { positions: 99 } },
    ok: 200,
  })),
  'ANY /staff/{proxy+}': [{ path: '/staff/finnes-ikke', ok: 404 }],
};

function staffRequest(routeKey: string, sample: Sample, sessionId?: string): Request {
  const body = sample.body;
  const headers: Record<string, string> = {
    'sec-fetch-site': 'same-origin',
    ...(sample.accept && { accept: sample.accept }),
    ...(body && ('json' in body ? { ...JSON_BODY, 'x-csrf-token': CSRF } : FORM)),
  };
  const [rawPath, rawQueryString = ''] = sample.path.split('?');
  return {
    ...request(routeKey, {
      headers,
      ...(sample.pathParameters && { pathParameters: sample.pathParameters }),
      ...(body && {
        body:
          'json' in body ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString(),
      }),
    }),
    rawPath: rawPath!,
    rawQueryString,
    requestContext: {
      http: { method: routeKey.split(' ')[0] === 'ANY' ? 'GET' : routeKey.split(' ')[0]! },
    } as Request['requestContext'],
    ...(sessionId && { cookies: [`alis_staff=${sessionId}`] }),
  };
}

function expected(
  key: StaffRouteKey,
  sample: Sample,
  who: { programme: ProgrammeId; role: StaffRole } | undefined,
): number {
  const access = STAFF_ROUTE_AREAS[key];
  if (access === 'public') return sample.ok;
  if (!who) {
    const script =
      sample.accept === 'application/json' ||
      (sample.body && 'json' in sample.body) ||
      sample.path.endsWith('.csv');
    return script ? 401 : 302;
  }
  if (access === 'signed-in') return sample.ok;
  const area = access === 'by-export-file' ? sample.area! : access;
  if (sample.programme && sample.programme !== who.programme) return 404;
  return AREA_ROLES[area].includes(who.role) ? sample.ok : 403;
}

const staffKeys = ROUTE_KEYS.filter((key): key is StaffRouteKey => / \/staff(\/|$)/.test(key));

describe('the role matrix', () => {
  it('covers every staff route of the route table', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...staffKeys].sort());
    expect(Object.keys(STAFF_ROUTE_AREAS).sort()).toEqual([...staffKeys].sort());
  });

  const people = [
    undefined,
    ...PROGRAMME_IDS.flatMap((programme) => STAFF_ROLES.map((role) => ({ programme, role }))),
  ];
  for (const who of people) {
    const name = who ? `${who.role} of ${who.programme}` : 'no session';
    it(`answers each route as the roles say: ${name}`, async () => {
      const answers: string[] = [];
      const wanted: string[] = [];
      for (const key of staffKeys) {
        for (const sample of SAMPLES[key]) {
          // Each request starts from the same table: a removal or a sign-out does not carry over.
          reset();
          const sessionId = who && SESSIONS.get(PERSON[who.programme][who.role]);
          const answer = await route(staffRequest(key, sample, sessionId));
          const label = `${key} ${sample.path}${sample.accept ? ' (JSON)' : ''}`;
          answers.push(`${label}: ${answer.statusCode}`);
          wanted.push(`${label}: ${expected(key, sample, who)}`);
        }
      }
      expect(answers).toEqual(wanted);
    });
  }
});

describe('staff POSTs and the CSRF token', () => {
  const lead = () => SESSIONS.get(PERSON['alis-nord'].lead)!;
  const add: Sample = SAMPLES['POST /staff/admin/{programme}/staff'][0]!;

  it('refuses a POST without the token, with a wrong one, or from another site: 403, nothing written', async () => {
    const before = JSON.stringify([...table.entries()]);
    const base = staffRequest('POST /staff/admin/{programme}/staff', add, lead());
    const variants: Request[] = [
      { ...base, headers: { ...base.headers, 'x-csrf-token': '' } },
      { ...base, headers: { ...base.headers, 'x-csrf-token': 'd'.repeat(43) } },
      { ...base, headers: { ...base.headers, 'sec-fetch-site': 'cross-site' } },
      {
        ...base,
        headers: { ...FORM, 'sec-fetch-site': 'same-origin' },
        body: 'email=ny%40kommune.example.no&role=reviewer',
      },
    ];
    for (const variant of variants) {
      expect((await route(variant)).statusCode).toBe(403);
    }
    expect(JSON.stringify([...table.entries()])).toBe(before);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('takes the token as the form field `csrf` as well', async () => {
    const answer = await route(
      staffRequest(
        'POST /staff/admin/{programme}/staff',
        { ...add, body: { form: { csrf: CSRF, email: 'ny@kommune.example.no', role: 'finance' } } },
        lead(),
      ),
    );
    expect(answer.statusCode).toBe(303);
    expect(answer.headers?.location).toBe('/staff/admin#alis-nord-personer-tittel');
  });

  it('GET /staff as JSON carries the session’s own token and roles, and nobody else’s', async () => {
    const answer = await route(
      staffRequest('GET /staff', { path: '/staff', accept: 'application/json', ok: 200 }, lead()),
    );
    const body = JSON.parse(answer.body!);
    expect(body.csrfToken).toBe(CSRF);
    expect(body.roles).toEqual({ 'alis-nord': ['lead'] });
    // No session id, link hash or other secret travels with it.
    const text = answer.body!;
    for (const id of SESSIONS.values()) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(hashToken(id));
    }
  });
});
