// The lead's round posts under hostile input, through the router against the table fake: any
// JSON value as the body, and every JSON type at every path of a valid new round or edit. Never a
// 5xx or a stack trace; a 400 names its fields in bokmål; a refused post writes nothing.

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newLinkToken } from '../../../shared/links.js';
import type { Response } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import { seededSettingsItems } from '../../support/seeded-settings.js';
import { hostileBody, hostileValue, propertyRuns, toJsonText } from '../../support/hostile.js';
import { sessionItem } from '../../support/session-item.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';
import { JSON_BODY, OPEN, request } from './support.js';

const SESSION_ID = newLinkToken();
const CSRF = 'c'.repeat(43);
const PROPERTY_TIMEOUT = 600_000;
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset() {
  fakeTable(
    [
      ...seededSettingsItems(),
      sessionItem(SESSION_ID, 'leder@alis-vest.example.no', ['alis-vest'], OPEN, CSRF),
    ],
    { applyTransactions: true },
  );
}

const NEW_ROUND = {
  name: 'Søknadsrunde 2028',
  opensOn: '2027-09-01',
  closesOn: '2028-03-31',
  positions: 3,
  counties: ['Rogaland', 'Vestland'],
  maxYearlyAmount: 180000,
  municipalShare: 40000,
  maxPositionsPerMunicipality: 1,
};
const EDIT = { closesOn: '2027-05-31', positions: 16, closeNow: false };

function post(path: string, roundId: string | undefined, body: string): Promise<Response> {
  return route({
    ...request(
      roundId
        ? 'POST /staff/admin/{programme}/rounds/{roundId}'
        : 'POST /staff/admin/{programme}/rounds',
      {
        pathParameters: { programme: 'alis-vest', ...(roundId && { roundId }) },
        headers: { ...JSON_BODY, 'x-csrf-token': CSRF },
        body,
      },
    ),
    rawPath: path,
    cookies: [`alis_staff=${SESSION_ID}`],
  }) as Promise<Response>;
}

function expectSound(answer: Response, sent: string): void {
  expect(answer.statusCode, sent.slice(0, 300)).toBeLessThan(500);
  const text = answer.body ?? '';
  expect(text).not.toMatch(/\bat \w+ \(|TypeError|ReferenceError|node_modules/);
  if (answer.statusCode === 400) {
    const { errors } = JSON.parse(text) as {
      errors: { path: string; code: string; message: string }[];
    };
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(typeof error.path).toBe('string');
      expect(error.code).toMatch(/^[a-z-]+$/);
      expect(error.message).toMatch(/[A-ZÆØÅa-zæøå]/);
    }
  }
  if ((answer.statusCode ?? 0) >= 400) {
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  }
}

describe.each([
  ['a new round', '/staff/admin/alis-vest/rounds', undefined, NEW_ROUND],
  [
    'an edit of the open round',
    '/staff/admin/alis-vest/rounds/alis-vest-2027',
    'alis-vest-2027',
    EDIT,
  ],
] as const)('POST %s with hostile bodies', (_, path, roundId, seed) => {
  it('sound as sent: the valid body is taken', async () => {
    reset();
    const answer = await post(path, roundId, JSON.stringify(seed));
    expect(answer.statusCode, answer.body).toBe(roundId ? 200 : 201);
  });

  it(
    'every JSON type at every path, and any JSON value as the body: never a 5xx; 400 with field errors; nothing written when refused',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileBody([seed as never]).map((c) => c.body),
            hostileValue,
          ),
          async (body) => {
            reset();
            const text = toJsonText(body);
            expectSound(await post(path, roundId, text), text);
          },
        ),
        runs(1),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
