// Requests for changes against the table fake and mocked Step Functions and SES: the "Request
// changes" task on a retried attempt, amendments, and withdrawal of unanswered requests.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, GoneError, ValidationError } from '../../../shared/errors.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import {
  amendApplication,
  openAmendment,
  requestChanges,
  withdrawUnanswered,
} from '../../../shared/services/changes.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2026-12-03T10:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';
const TOKEN = newLinkToken();
const CONTACT = nord.contact.email;

function application() {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'APPLICATION',
    applicationId: APP_ID,
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipalityNumber: '5607',
    status: 'CHANGES_REQUESTED',
    reviewRound: 1,
    version: 1,
    application: nord,
  };
}

function amendLink(overrides: Record<string, unknown> = {}) {
  return {
    pk: `LINK#${hashToken(TOKEN)}`,
    sk: 'LINK',
    purpose: 'amend',
    applicationId: APP_ID,
    round: 1,
    holder: CONTACT,
    expiresAt: '2027-01-01T23:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => {
  fakeTable();
  sfn.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

const request = (overrides: Record<string, unknown>) => ({
  pk: `APP#${APP_ID}`,
  sk: 'CHANGES#001',
  applicationId: APP_ID,
  round: 1,
  status: 'OPEN',
  comment: 'Mer om bakvakt',
  requestedAt: NOW.toISOString(),
  deadline: '2027-01-01T23:00:00.000Z',
  ...overrides,
});

const app = application();

describe('requestChanges (the "Request changes" task)', () => {
  it('on a retried attempt takes the request over without mailing the municipality again', async () => {
    const table = fakeTable([
      app,
      request({ taskToken: 'attempt-1', notifiedAt: NOW.toISOString() }),
    ]);

    await requestChanges(APP_ID, 'attempt-2', 'Mer om bakvakt', NOW);

    expect(table.get(`APP#${APP_ID}|CHANGES#001`)!.taskToken).toBe('attempt-2');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('hands an amendment made between two attempts to the new attempt', async () => {
    fakeTable([
      app,
      request({
        taskToken: 'attempt-1',
        status: 'AMENDED',
        outcome: 'amended',
        notifiedAt: NOW.toISOString(),
        resumedAt: NOW.toISOString(),
      }),
    ]);

    await requestChanges(APP_ID, 'attempt-2', 'Mer om bakvakt', NOW);

    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'attempt-2',
      output: JSON.stringify({ outcome: 'amended' }),
    });
  });
});

describe('requestChanges, first attempt', () => {
  it('records the request with its withdrawal timer and mails the municipality an amend link', async () => {
    const table = fakeTable([app], { applyTransactions: true });

    await requestChanges(APP_ID, 'attempt-1', 'Mer om bakvakt', NOW);

    const stored = table.get(`APP#${APP_ID}|CHANGES#001`)!;
    expect(stored).toMatchObject({
      taskToken: 'attempt-1',
      status: 'OPEN',
      timerStage: 'withdraw',
      notifiedAt: NOW.toISOString(),
    });
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Destination!.ToAddresses).toEqual([CONTACT]);
    const url = mail.Content!.Simple!.Body!.Text!.Data!.match(
      /https:\/\/alis\.example\.no\/amend\/([A-Za-z0-9_-]{43})/,
    );
    expect(url).not.toBeNull();
    // The link is stored under its hash, bound to the municipality's contact.
    expect(table.get(`LINK#${hashToken(url![1]!)}|LINK`)).toMatchObject({
      purpose: 'amend',
      holder: CONTACT,
    });
  });
});

describe('amendApplication', () => {
  const amended = { ...nord, positionsRequested: 2 };

  it('returns the application to review in one transaction, then hands "amended" to the workflow', async () => {
    const table = fakeTable([app, request({ taskToken: 'attempt-1' }), amendLink()]);
    dynamo.on(TransactWriteCommand).callsFake(() => {
      table.set(
        `APP#${APP_ID}|CHANGES#001`,
        request({ taskToken: 'attempt-1', status: 'AMENDED', outcome: 'amended' }),
      );
      return {};
    });

    await expect(amendApplication(TOKEN, amended, NOW)).resolves.toEqual({ applicationId: APP_ID });

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Update?.Key?.sk ?? i.Put?.Item?.sk.split('#')[0])).toEqual([
      'CHANGES#001',
      'LINK',
      'APPLICATION',
      'VERSION',
      'EVENT',
    ]);
    expect(items[2]!.Update!.ConditionExpression).toBe(
      '#status = :changesRequested AND version = :version',
    );
    // The content it replaced is kept as version 1, once: the case documents hold every version.
    expect(items[3]!.Put).toMatchObject({
      Item: { sk: 'VERSION#001', version: 1, application: nord, replacedAt: NOW.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'attempt-1',
      output: JSON.stringify({ outcome: 'amended' }),
    });
    expect(table.get(`APP#${APP_ID}|CHANGES#001`)!.resumedAt).toEqual(expect.any(String));
  });

  it('refuses a changed municipality and writes nothing', async () => {
    fakeTable([app, request({ taskToken: 'attempt-1' }), amendLink()]);
    const moved = {
      ...amended,
      municipality: { ...nord.municipality, municipalityNumber: '5601' },
    };
    await expect(amendApplication(TOKEN, moved, NOW)).rejects.toBeInstanceOf(ValidationError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a second amendment through the same link with a conflict', async () => {
    fakeTable([app, request({ taskToken: 'attempt-1', status: 'AMENDED' }), amendLink()]);
    await expect(openAmendment(TOKEN, NOW)).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers Gone after the deadline', async () => {
    fakeTable([
      app,
      request({ taskToken: 'attempt-1' }),
      amendLink({ expiresAt: NOW.toISOString() }),
    ]);
    await expect(openAmendment(TOKEN, NOW)).rejects.toBeInstanceOf(GoneError);
  });
});

describe('withdrawUnanswered', () => {
  it('withdraws the application and hands "withdrawn" to the workflow', async () => {
    const open = request({ taskToken: 'attempt-1' });
    const table = fakeTable([app, open]);
    dynamo.on(TransactWriteCommand).callsFake(() => {
      table.set(`APP#${APP_ID}|CHANGES#001`, {
        ...open,
        status: 'WITHDRAWN',
        outcome: 'withdrawn',
      });
      return {};
    });

    await withdrawUnanswered(open as never, NOW);

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[1]!.Update!.ExpressionAttributeValues).toMatchObject({
      ':changesRequested': 'CHANGES_REQUESTED',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      output: JSON.stringify({ outcome: 'withdrawn' }),
    });
  });

  it('does nothing more when the request was answered meanwhile', async () => {
    const open = request({ taskToken: 'attempt-1' });
    // The municipality's amendment committed after the daily run read the request as open.
    const table = fakeTable(
      [
        { ...app, status: 'IN_REVIEW', version: 2 },
        { ...open, status: 'AMENDED', outcome: 'amended' },
      ],
      { applyTransactions: true },
    );
    const before = structuredClone([...table.entries()]);
    await withdrawUnanswered(open as never, NOW);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect([...table.entries()]).toEqual(before);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
