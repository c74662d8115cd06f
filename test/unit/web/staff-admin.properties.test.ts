// The lead's people forms under hostile input, through the router against the table fake: every
// JSON type at every path of the add and remove bodies (and as the whole body), and broken forms.
// Never a 5xx; a 400 names its fields in bokmål and writes, mails and starts nothing; what is
// written is a well-formed register with its audit event.

import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STAFF_ROLES } from '../../../shared/domain/staff.js';
import { newLinkToken } from '../../../shared/links.js';
import type { Request } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import {
  hostileBody,
  hostileFormBody,
  hostileValue,
  propertyRuns,
  toJsonText,
} from '../../support/hostile.js';
import { sessionItem } from '../../support/session-item.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, OPEN, request } from './support.js';

const sfn = mockClient(SFNClient);
const SESSION_ID = newLinkToken();
const CSRF = 'c'.repeat(43);
const PROPERTY_TIMEOUT = 600_000;
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });

let table: Map<string, FakeItem>;

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset(): void {
  table = fakeTable(
    [
      sessionItem(SESSION_ID, 'leder@alis-nord.example.no', ['alis-nord'], OPEN, CSRF),
      ...seededRegisters(),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
}

const ACTIONS = {
  add: { key: 'POST /staff/admin/{programme}/staff', ok: 201 },
  remove: { key: 'POST /staff/admin/{programme}/staff/remove', ok: 200 },
} as const;

function post(action: keyof typeof ACTIONS, body: string, form = false): Request {
  return {
    ...request(ACTIONS[action].key, {
      pathParameters: { programme: 'alis-nord' },
      headers: form
        ? { ...FORM, 'sec-fetch-site': 'same-origin' }
        : { ...JSON_BODY, 'sec-fetch-site': 'same-origin', 'x-csrf-token': CSRF },
      body,
    }),
    cookies: [`alis_staff=${SESSION_ID}`],
  };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

function expectOutcome(action: keyof typeof ACTIONS, status: number, body: string, sent: string) {
  expect(status, sent.slice(0, 300)).toBeLessThan(500);
  expect(body).not.toMatch(/\bat \w+ \(|TypeError|ReferenceError|node_modules/);
  const register = table.get('REGISTER#alis-nord|STAFF')!;
  const events = [...table.keys()].filter((k) => k.startsWith('ADMIN#'));
  // Refused (a broken form may lose its token: 403): nothing written, mailed or started.
  if ([400, 403, 413, 415].includes(status)) {
    if (status === 400 && body.startsWith('{')) {
      const { errors } = JSON.parse(body) as { errors: { path: string; message: string }[] };
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(['', 'email', 'role']).toContain(e.path);
        expect(e.message).toMatch(/\p{L}/u);
      }
    }
    expect(register.version).toBe(1);
    expect(events).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    return;
  }
  expect([ACTIONS[action].ok, 303, 409]).toContain(status);
  // Whatever was accepted left a register of addresses and known roles, and a lead.
  for (const member of register.members as { email: string; roles: string[] }[]) {
    expect(member.email).toMatch(EMAIL);
    expect(member.email).toBe(member.email.trim().toLowerCase());
    expect(member.roles.length).toBeGreaterThan(0);
    for (const role of member.roles) expect(STAFF_ROLES).toContain(role);
  }
  expect(register.members.some((m: { roles: string[] }) => m.roles.includes('lead'))).toBe(true);
  expect(events.length).toBe(register.version - 1);
}

const SEEDS = [
  { email: 'ny.person@kommune.example.no', role: 'reviewer' },
  { email: 'fagrad2@alis-nord.example.no', role: 'reviewer' },
  { email: 'leder@alis-nord.example.no', role: 'lead' },
  { email: ' Okonomi@ALIS-nord.example.no ', role: 'finance' },
];

describe('the people forms with hostile bodies', () => {
  for (const action of ['add', 'remove'] as const) {
    it(
      `${action}: any JSON value at any path, or as the body: never a 5xx, a 400 writes nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              hostileBody(SEEDS).map((c) => c.body),
              hostileValue,
              hostileValue.map((email) => ({ email, role: 'reviewer' })),
              hostileValue.map((role) => ({ email: 'ny@kommune.example.no', role })),
            ),
            async (value) => {
              reset();
              const text = toJsonText(value);
              const answer = await route(post(action, text));
              expectOutcome(action, answer.statusCode ?? 0, answer.body ?? '', text);
            },
          ),
          runs(0.2),
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      `${action}: broken forms: never a 5xx, a 400 writes nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            hostileFormBody([
              ['csrf', CSRF],
              ['email', 'fagrad1@alis-nord.example.no'],
              ['role', 'reviewer'],
            ]),
            async (text) => {
              reset();
              const answer = await route(post(action, text, true));
              expectOutcome(action, answer.statusCode ?? 0, answer.body ?? '', text);
            },
          ),
          runs(0.1),
        );
      },
      PROPERTY_TIMEOUT,
    );
  }

  it('names both fields, in bokmål, for a body without them', async () => {
    reset();
    const answer = await route(post('add', '{}'));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body!).errors).toEqual([
      expect.objectContaining({ path: 'email', code: 'required' }),
      expect.objectContaining({ path: 'role', code: 'required' }),
    ]);
    reset();
    const typed = await route(post('add', '{"email": 7, "role": ["lead"]}'));
    expect(JSON.parse(typed.body!).errors.map((e: { code: string }) => e.code)).toEqual([
      'invalid-type',
      'invalid-type',
    ]);
  });
});
