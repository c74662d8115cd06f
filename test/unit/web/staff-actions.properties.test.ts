// The lead's action bodies (POST /staff/applications/{id}/actions) under hostile input, through the
// router against the table fake, Step Functions mocked (the review's execution stopped, no grant): every JSON
// type at every path of each action's body (and as the whole body), and broken forms. Never a 5xx;
// a 400 names its fields in bokmål and writes, hands over and starts nothing; an accepted one did
// its one thing.

import {
  DescribeExecutionCommand,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newLinkToken } from '../../../shared/links.js';
import type { Request } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import {
  hostileBody,
  hostileFormBody,
  hostileValue,
  propertyRuns,
  type Json,
  toJsonText,
} from '../../support/hostile.js';
import { sessionItem } from '../../support/session-item.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, OPEN, request, storedApplication } from './support.js';

const sfn = mockClient(SFNClient);
const SESSION_ID = newLinkToken();
const CSRF = 'c'.repeat(43);
const PROPERTY_TIMEOUT = 600_000;
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });
const app = storedApplication();
const FIELDS = [
  '',
  'action',
  'reason',
  'confirm',
  'year',
  'position',
  'csrf',
  'from',
  'to',
  'name',
  'email',
  'phone',
  'endDate',
];

let table: Map<string, FakeItem>;

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset(): void {
  table = fakeTable(
    [
      app as unknown as FakeItem,
      {
        pk: app.pk,
        sk: 'REVIEW#001',
        applicationId: app.applicationId,
        round: 1,
        taskToken: 'review-token',
        status: 'OPEN',
        requestedAt: app.submittedAt,
        windowStart: app.submittedAt,
        windowEnd: '2026-12-03T23:00:00.000Z',
        reviewers: ['fagrad1@alis-nord.example.no'],
      },
      sessionItem(SESSION_ID, 'leder@alis-nord.example.no', ['alis-nord'], OPEN, CSRF),
      ...seededRegisters(),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
}

function post(body: string, form = false): Request {
  return {
    ...request('POST /staff/applications/{id}/actions', {
      pathParameters: { id: app.applicationId },
      headers: form
        ? { ...FORM, 'sec-fetch-site': 'same-origin' }
        : { ...JSON_BODY, 'sec-fetch-site': 'same-origin', 'x-csrf-token': CSRF },
      body,
    }),
    cookies: [`alis_staff=${SESSION_ID}`],
  };
}

const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;

function expectOutcome(status: number, body: string, sent: string): void {
  expect(status, sent.slice(0, 300)).toBeLessThan(500);
  expect(body).not.toMatch(/\bat \w+ \(|TypeError|ReferenceError|node_modules/);
  const started = sfn.commandCalls(StartExecutionCommand).length;
  const handedOver = sfn.commandCalls(SendTaskSuccessCommand).length;
  const withdrawn = table.get(`${app.pk}|APPLICATION`)!.status === 'WITHDRAWN';
  if ([400, 403, 413, 415].includes(status)) {
    if (status === 400 && body.startsWith('{')) {
      const { errors } = JSON.parse(body) as { errors: { path: string; message: string }[] };
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(FIELDS).toContain(e.path);
        expect(e.message).toMatch(/\p{L}/u);
      }
    }
    expect(writes()).toBe(0);
    expect(started + handedOver).toBe(0);
    expect(withdrawn).toBe(false);
    return;
  }
  expect([200, 303, 409], sent.slice(0, 300)).toContain(status);
  if (status === 409) {
    // A payment or grant the application does not have, a reviewer not on the round, the
    // contact it has: the review is stopped, and not decided.
    expect(started + handedOver).toBe(0);
    expect(withdrawn).toBe(false);
    return;
  }
  // Done: exactly one of the two, once.
  if (withdrawn) {
    expect(handedOver).toBe(1);
    expect(started).toBe(0);
  } else {
    expect(started).toBe(1);
    expect(handedOver).toBe(0);
  }
}

const SEEDS: Json[] = [
  { action: 'withdraw', reason: 'Kommunen ba om det i telefon 2. desember.', confirm: true },
  { action: 'resume' },
  { action: 'resume', position: 1, year: 2 },
  { action: 'resend-links' },
  {
    action: 'replace-reviewer',
    from: 'fagrad1@alis-nord.example.no',
    to: 'fagrad2@alis-nord.example.no',
  },
  {
    action: 'change-contact',
    name: 'Nora Ny',
    email: 'nora.ny@kommune.example.no',
    phone: '+47 912 34 567',
  },
  { action: 'end-grant', endDate: '2027-03-01', reason: 'Legen sluttet.', confirm: true },
  { action: 'end-grant', position: 1, endDate: '2027-03-01', reason: 'Sluttet.', confirm: true },
  { action: 'hold-instalment', position: 1, year: 2 },
  { action: 'release-instalment', year: 2 },
];

/** Each new action's seed with one path replaced by a hostile value. */
const NEW_PATHS: [Record<string, Json>, string[]][] = [
  [SEEDS[4] as Record<string, Json>, ['from', 'to']],
  [SEEDS[5] as Record<string, Json>, ['name', 'email', 'phone']],
  [SEEDS[7] as Record<string, Json>, ['position', 'endDate', 'reason', 'confirm']],
  [SEEDS[8] as Record<string, Json>, ['position', 'year']],
  [SEEDS[9] as Record<string, Json>, ['position', 'year']],
];

describe('the action bodies with hostile input', () => {
  it(
    'any JSON value at any path, or as the body: never a 5xx, a 400 writes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileBody(SEEDS).map((c) => c.body),
            hostileValue,
            hostileValue.map((action) => ({ action })),
            hostileValue.map((reason) => ({ action: 'withdraw', reason, confirm: true })),
            hostileValue.map((confirm) => ({ action: 'withdraw', reason: 'Ba om det.', confirm })),
            hostileValue.map((year) => ({ action: 'resume', year })),
            hostileValue.map((position) => ({ action: 'resume', position, year: 1 })),
            ...NEW_PATHS.flatMap(([seed, paths]) =>
              paths.map((path) => hostileValue.map((value) => ({ ...seed, [path]: value }))),
            ),
          ),
          async (value) => {
            reset();
            const text = toJsonText(value);
            const answer = await route(post(text));
            expectOutcome(answer.statusCode ?? 0, answer.body ?? '', text);
          },
        ),
        runs(0.6),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it("the page's instalment radio (a list field in a form) is read as one position-year", async () => {
    reset();
    const text = new URLSearchParams({
      csrf: CSRF,
      action: 'hold-instalment',
      instalment: '1:2',
    }).toString();
    const answer = await route(post(text, true));
    // Read, then refused for the state: this application has no grant.
    expect(answer.statusCode, answer.body).toBe(409);
    expect(answer.body).toContain('har ikke noe tilskudd');
  });

  const FORMS: Record<string, [string, string][]> = {
    withdraw: [
      ['reason', 'Kommunen ba om det.'],
      ['confirm', 'true'],
    ],
    resume: [['year', '1']],
    'replace-reviewer': [
      ['from', 'fagrad1@alis-nord.example.no'],
      ['to', 'fagrad2@alis-nord.example.no'],
    ],
    'change-contact': [
      ['name', 'Nora Ny'],
      ['email', 'nora.ny@kommune.example.no'],
      ['phone', '+47 912 34 567'],
    ],
    'end-grant': [
      ['endDate', '2027-03-01'],
      ['reason', 'Sluttet.'],
      ['confirm', 'true'],
    ],
    'hold-instalment': [['instalment', '1:2']],
  };
  for (const [action, fields] of Object.entries(FORMS)) {
    it(
      `${action}: broken forms: never a 5xx, a 400 writes nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            hostileFormBody([['csrf', CSRF], ['action', action], ...fields]),
            async (text) => {
              reset();
              const answer = await route(post(text, true));
              expectOutcome(answer.statusCode ?? 0, answer.body ?? '', text);
            },
          ),
          runs(0.05),
        );
      },
      PROPERTY_TIMEOUT,
    );
  }
});
