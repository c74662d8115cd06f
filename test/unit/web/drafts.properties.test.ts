// POST /drafts and POST /find with bodies of every JSON type, through the router and the real
// services against the table fake (transactions applied), Step Functions mocked: never a 5xx;
// every 400 has field errors; a refused request writes and starts nothing; /find answers every
// valid pair alike, writes nothing and only starts its step; a stored draft validates again as it
// is. Then the draft bounds: the sixth new draft of an address in a day is 429 with Retry-After.

import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DRAFT_RULES, mergeOverDraft, validateDraft } from '../../../shared/domain/draft.js';
import { route } from '../../../shared/web/router.js';
import type { Response } from '../../../shared/web/http.js';
import {
  hostileApplication,
  hostileBody,
  hostileValue,
  propertyRuns,
  toJsonText,
} from '../../support/hostile.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { JSON_BODY, OPEN, request } from './support.js';
import nord from '../../fixtures/application-alis-nord.json';

const sfn = mockClient(SFNClient);
const PROPERTY_TIMEOUT = 600_000;
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset(): Map<string, FakeItem> {
  const table = fakeTable([], { applyTransactions: true });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
  return table;
}

const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;

function expectFieldErrors(answer: Response): void {
  const errors = JSON.parse(answer.body ?? '{}').errors as { path: unknown; code: unknown }[];
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(e.code).toMatch(/^[a-z-]+$/);
  }
}

const post = (routeKey: string, body: unknown) =>
  route(request(routeKey, { headers: JSON_BODY, body: toJsonText(body) }));

/** Half an application: what a draft usually is. */
const half = {
  programme: nord.programme,
  municipality: nord.municipality,
  contact: { email: nord.contact.email },
  recruitmentSituation: nord.recruitmentSituation,
};
const draftBodies = fc.oneof(
  hostileApplication.map((c) => c.body),
  hostileBody([half]).map((c) => c.body),
  hostileValue,
);
const findBodies = fc.oneof(
  hostileBody([{ organisationNumber: '944496394', email: 'kari@vadso.example.no' }]).map(
    (c) => c.body,
  ),
  hostileValue,
);

describe('POST /drafts with bodies of every JSON type', () => {
  it(
    'no 5xx; field errors on every 400; nothing written or started when refused; what is stored validates again unchanged',
    async () => {
      await fc.assert(
        fc.asyncProperty(draftBodies, async (body) => {
          const table = reset();
          const answer = await post('POST /drafts', body);
          expect([201, 400, 413]).toContain(answer.statusCode);
          if (answer.statusCode === 400) {
            expectFieldErrors(answer);
            expect(writes()).toBe(0);
            expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
            return;
          }
          if (answer.statusCode === 413) return;
          const draft = [...table.values()].find((item) => item.sk === 'DRAFT');
          const again = validateDraft(draft?.content);
          expect(again.ok && again.content).toEqual(draft?.content);
          expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
        }),
        runs(1),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('POST /find with bodies of every JSON type', () => {
  it(
    'no 5xx; field errors on every 400; one answer for every valid pair; never a write, one step started',
    async () => {
      const answers = new Set<string>();
      await fc.assert(
        fc.asyncProperty(findBodies, async (body) => {
          reset();
          const answer = await post('POST /find', body);
          expect([202, 400, 413]).toContain(answer.statusCode);
          expect(writes()).toBe(0);
          if (answer.statusCode === 413) {
            expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
          } else if (answer.statusCode === 400) {
            expectFieldErrors(answer);
            expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
          } else {
            answers.add(answer.body ?? '');
            expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
          }
        }),
        runs(0.5),
      );
      expect(answers.size).toBeLessThanOrEqual(1);
    },
    PROPERTY_TIMEOUT,
  );
});

describe('draft bounds and shape', () => {
  it('takes any subset with the address, and refuses only what a submission refuses', () => {
    expect(validateDraft({ contact: { email: 'a@b.no' } }).ok).toBe(true);
    const refused = validateDraft({
      contact: { email: 'a@b.no' },
      supervisor: { hoursPerMonth: '3' },
    });
    expect(refused.ok ? [] : refused.errors.map((e) => [e.path, e.code])).toEqual([
      ['supervisor.hoursPerMonth', 'invalid-type'],
    ]);
    const long = validateDraft({
      contact: { email: 'a@b.no' },
      dailySupervision: 'x'.repeat(4001),
    });
    expect(long.ok).toBe(false);
    expect(
      mergeOverDraft({ contact: { email: 'a@b.no', name: 'A' } }, { contact: { name: 'B' } }),
    ).toEqual({
      contact: { email: 'a@b.no', name: 'B' },
    });
  });

  it(`answers the ${DRAFT_RULES.maxPerAddressPerDay + 1}th new draft of an address in a day with 429 and Retry-After`, async () => {
    reset();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= DRAFT_RULES.maxPerAddressPerDay; i++) {
      last = await post('POST /drafts', { contact: { email: 'mange@vadso.example.no' } });
      statuses.push(last.statusCode ?? 0);
    }
    expect(statuses).toEqual([...Array(DRAFT_RULES.maxPerAddressPerDay).fill(201), 429]);
    expect(Number(last?.headers?.['retry-after'])).toBeGreaterThan(0);
  });
});
