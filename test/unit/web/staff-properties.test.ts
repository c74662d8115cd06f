// The staff routes under hostile input, through the router against the table fake with SES
// mocked: any JSON value as the sign-in form's body or its `email`, and any query string on the
// applications list and the exports. Never a 5xx, never a stack trace; a refused request mails
// and writes nothing; a page shows what it was sent only escaped.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { newLinkToken } from '../../../shared/links.js';
import type { Request, Response } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import { hostileString, hostileValue, propertyRuns, toJsonText } from '../../support/hostile.js';
import { sessionItem } from '../../support/session-item.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';
import { JSON_BODY, OPEN, request } from './support.js';

const ses = mockClient(SESv2Client);
// A well-formed address is handed to the sign-in step, which these tests do not run.
const sfn = mockClient(SFNClient);
const SESSION_ID = newLinkToken();
const PROPERTY_TIMEOUT = 600_000;
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset() {
  fakeTable([
    sessionItem(SESSION_ID, 'leder@alis-nord.example.no', ['alis-nord'], OPEN, 'c'.repeat(43)),
  ]);
  // The programme index holds nothing: the routes' handling of the query is what is probed here.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
}

const UNESCAPED = /<(script|img|iframe|svg\b[^>]*onload)|javascript:/i;

function expectSound(answer: Response, sent: string): void {
  expect(answer.statusCode, sent.slice(0, 200)).toBeLessThan(500);
  const text = answer.body ?? '';
  expect(text).not.toMatch(/\bat \w+ \(|TypeError|ReferenceError|node_modules/);
  if (String(answer.headers?.['content-type']).startsWith('text/html')) {
    expect(text).not.toMatch(UNESCAPED);
  }
}

function signedIn(routeKey: string, rawQueryString: string, rawPath: string): Request {
  return {
    ...request(routeKey, { pathParameters: { programme: 'alis-nord', file: 'applications.csv' } }),
    rawPath,
    rawQueryString,
    cookies: [`alis_staff=${SESSION_ID}`],
  };
}

describe('POST /staff/login with hostile bodies', () => {
  it(
    'any JSON value, or any value as `email`: 400 or the same answer, never a 5xx; nothing mailed for a stranger',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileValue,
            hostileValue.map((email) => ({ email })),
          ),
          async (body) => {
            reset();
            const text = toJsonText(body);
            const answer = await route(
              request('POST /staff/login', { headers: JSON_BODY, body: text }),
            );
            expectSound(answer, text);
            expect([202, 400, 413]).toContain(answer.statusCode);
            expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
          },
        ),
        runs(0.1),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('staff queries with hostile values', () => {
  it(
    'the applications list: 200 or a 400 with field errors, escaped',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom('programme', 'round', 'status', 'county', 'model', 'after'),
            hostileString,
          ),
          async (query) => {
            reset();
            const raw = new URLSearchParams(query).toString();
            for (const accept of ['text/html', 'application/json']) {
              const answer = await route({
                ...signedIn('GET /staff/applications', raw, '/staff/applications'),
                headers: { accept },
              });
              expectSound(answer, raw);
              expect([200, 400, 404]).toContain(answer.statusCode);
            }
          },
        ),
        runs(0.1),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'an export with a hostile page cursor: 200 or 400, never a 5xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileString, async (after) => {
          reset();
          const raw = new URLSearchParams({ after }).toString();
          const answer = await route(
            signedIn(
              'GET /staff/exports/{programme}/{file}',
              raw,
              '/staff/exports/alis-nord/applications.csv',
            ),
          );
          expectSound(answer, raw);
          expect([200, 400]).toContain(answer.statusCode);
        }),
        runs(0.05),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
