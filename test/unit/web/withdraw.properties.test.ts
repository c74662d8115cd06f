// POST /status/{token}/withdraw with bodies of every JSON type (and form posts with any value in
// the box), through the router and the real service against the table fake (transactions
// applied), Step Functions mocked: never a 5xx; every 400 has field errors and writes and hands
// over nothing; only `confirm: true` (or the ticked box) withdraws, and then the application is
// WITHDRAWN and its waiting task is handed "withdrawn" once.

import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import {
  hostileBody,
  hostileString,
  hostileValue,
  propertyRuns,
  toJsonText,
} from '../../support/hostile.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, request, storedApplication } from './support.js';

const sfn = mockClient(SFNClient);
const PROPERTY_TIMEOUT = 600_000;
const app = storedApplication();
const TOKEN = `${app.applicationId}.${app.statusSecret}`;
const KEY = 'POST /status/{token}/withdraw';

function reset(): Map<string, FakeItem> {
  const table = fakeTable(
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
    ],
    { applyTransactions: true },
  );
  // The status page's history, shown again with a form's errors.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  return table;
}

const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;

function check(answer: Response, table: Map<string, FakeItem>, withdraws: boolean): void {
  // Over 64 KB, nested deeper than 64 levels, or not UTF-8: refused before it is read, whatever
  // it says.
  if (answer.statusCode === 413 || refusedWhole(answer)) withdraws = false;
  if (answer.statusCode !== 413) expect(answer.statusCode, answer.body).toBe(withdraws ? 200 : 400);
  const status = table.get(`${app.pk}|APPLICATION`)!.status;
  if (withdraws) {
    expect(status).toBe('WITHDRAWN');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    return;
  }
  expect(status).toBe('IN_REVIEW');
  expect(writes()).toBe(0);
  expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
}

const refusedWhole = (answer: Response) =>
  /"(too-deep|invalid-encoding)"|ikke gyldig UTF-8/.test(answer.body ?? '');

const isConfirmed = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  (body as { confirm?: unknown }).confirm === true;

describe('POST /status/{token}/withdraw with bodies of every JSON type', () => {
  it(
    'no 5xx; 400 with field errors and nothing written unless confirm is true; then WITHDRAWN and handed over once',
    async () => {
      const bodies = fc.oneof(
        // The seed has a text, so that the mutations may write into one too.
        hostileBody([{ confirm: true, reason: 'Vi fikk ikke tak i lege.' }]).map((c) => c.body),
        fc.record({ confirm: hostileValue }),
        hostileValue,
        fc.constant({ confirm: true, reason: 'Vi fikk ikke tak i lege.' }),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const table = reset();
          const answer = await route(
            request(KEY, {
              pathParameters: { token: TOKEN },
              headers: JSON_BODY,
              body: toJsonText(body),
            }),
          );
          if (answer.statusCode === 400) {
            const errors = JSON.parse(answer.body ?? '{}').errors as {
              path: string;
              code: string;
            }[];
            expect(errors.length).toBeGreaterThan(0);
            for (const e of errors) {
              expect(typeof e.path).toBe('string');
              expect(e.code).toMatch(/^[a-z-]+$/);
            }
          }
          check(answer, table, isConfirmed(body));
        }),
        { numRuns: Math.max(1, Math.round(propertyRuns() / 2)) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a form post withdraws only with the ticked box; anything else is the page again with the error beside the box', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.oneof(hostileString, fc.constant('ja'))), async (value) => {
        const table = reset();
        const answer = await route(
          request(KEY, {
            pathParameters: { token: TOKEN },
            headers: FORM,
            body: value === null ? '' : new URLSearchParams({ confirm: value }).toString(),
          }),
        );
        if (answer.statusCode === 400 && !refusedWhole(answer)) {
          expect(answer.body).toContain('id="field-confirm"');
          expect(answer.body).toContain('aria-invalid="true"');
        }
        check(answer, table, value === 'ja');
      }),
      { numRuns: Math.max(1, Math.round(propertyRuns() / 5)) },
    );
  });
});
