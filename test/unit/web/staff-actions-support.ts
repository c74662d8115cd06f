// The setup the lead's action tests share (staff-actions.test.ts, staff-actions-review-contact.test.ts):
// an application in review with its open round, a lead's and a reviewer's session, the registers,
// the table fake and Step Functions mocked; `post` sends an action as JSON or as the page's form.

import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
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
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { newLinkToken } from '../../../shared/links.js';
import type { Request } from '../../../shared/web/http.js';
import { sessionItem } from '../../support/session-item.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, OPEN, request, storedApplication } from './support.js';

export const sfn = mockClient(SFNClient);
export const SESSION_ID = newLinkToken();
export const REVIEWER_SESSION = newLinkToken();
export const CSRF = 'c'.repeat(43);
export const LEAD = 'leder@alis-nord.example.no';
export const KEY = 'POST /staff/applications/{id}/actions';
export const app = storedApplication();
export const ID = app.applicationId;

let stored: Map<string, FakeItem>;

/** The table as the last reset left it, with what the tests have written since. */
export const table = (): Map<string, FakeItem> => stored;

/**
 * Registers the file's hooks: the clock at the round's opening, and a fresh table before each
 * test. Called by each test file (a module's own hooks would register once per worker only, as
 * unit files share their module graph).
 */
export function useActionFixture(): void {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(OPEN);
  });
  afterAll(() => vi.useRealTimers());
  beforeEach(() => reset());
}

export function reset(status: string = 'IN_REVIEW', execution?: string): void {
  stored = fakeTable(
    [
      { ...app, status } as unknown as FakeItem,
      {
        pk: app.pk,
        sk: 'REVIEW#001',
        applicationId: ID,
        round: 1,
        taskToken: 'review-token',
        status: 'OPEN',
        requestedAt: app.submittedAt,
        windowStart: app.submittedAt,
        windowEnd: '2026-12-03T23:00:00.000Z',
        reviewers: ['fagrad1@alis-nord.example.no'],
      },
      sessionItem(SESSION_ID, LEAD, ['alis-nord'], OPEN, CSRF),
      sessionItem(REVIEWER_SESSION, 'fagrad1@alis-nord.example.no', ['alis-nord'], OPEN, CSRF),
      ...seededRegisters(),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).callsFake((input) => {
    if (input.IndexName) return { Items: [] };
    const pk = input.ExpressionAttributeValues[':pk'];
    const prefix = input.ExpressionAttributeValues[':prefix'] ?? '';
    return {
      Items: [...stored.values()].filter((i) => i.pk === pk && String(i.sk).startsWith(prefix)),
    };
  });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
  if (execution === undefined) {
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));
  } else {
    sfn.on(DescribeExecutionCommand).resolves({ status: execution as never });
  }
}

export function post(body: unknown, form = false): Request {
  return {
    ...request(KEY, {
      pathParameters: { id: ID },
      headers: form
        ? { ...FORM, 'sec-fetch-site': 'same-origin' }
        : { ...JSON_BODY, 'sec-fetch-site': 'same-origin', 'x-csrf-token': CSRF },
      body: form
        ? new URLSearchParams({ csrf: CSRF, ...(body as Record<string, string>) }).toString()
        : JSON.stringify(body),
    }),
    cookies: [`alis_staff=${SESSION_ID}`],
  };
}

export const events = (type: string) => [...stored.values()].filter((i) => i.type === type);
export const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;
export const errorsOf = (body: string | undefined) =>
  (JSON.parse(body ?? '{}').errors as { path: string; code: string; message: string }[]).map(
    (e) => `${e.path}:${e.code}`,
  );
