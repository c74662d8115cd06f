// Decision links and decisions against a mocked DynamoDB and Step Functions: what is read, what one
// transaction writes, and how each refusal is told apart.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyDecidedError,
  ApprovalRefusedError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../../../shared/errors.js';
import { hashToken, isWellFormedToken, newLinkToken, sameSecret } from '../../../shared/links.js';
import { requestChanges } from '../../../shared/services/changes.js';
import { issueLink, resolveLink } from '../../../shared/services/links.js';
import { decide, openDecision, openReviewRound } from '../../../shared/services/reviews.js';
import nord from '../../fixtures/application-alis-nord.json';

const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2026-12-03T10:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';
const TOKEN = newLinkToken();
const REVIEWER = 'fagrad1@alis-nord.example.no';

function link(overrides: Record<string, unknown> = {}) {
  return {
    pk: `LINK#${hashToken(TOKEN)}`,
    sk: 'LINK',
    purpose: 'decision',
    applicationId: APP_ID,
    round: 1,
    holder: REVIEWER,
    expiresAt: '2026-12-31T23:00:00.000Z',
    ...overrides,
  };
}
function round(overrides: Record<string, unknown> = {}) {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'REVIEW#001',
    applicationId: APP_ID,
    round: 1,
    taskToken: 'task-token-1',
    status: 'OPEN',
    requestedAt: '2026-12-01T10:00:00.000Z',
    reviewers: [REVIEWER],
    ...overrides,
  };
}
function application(positionsRequested = 1) {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'APPLICATION',
    applicationId: APP_ID,
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipalityNumber: '5607',
    status: 'IN_REVIEW',
    reviewRound: 1,
    application: { ...nord, positionsRequested },
  };
}

/** The table as GetItem sees it: items by "pk|sk". */
function table(items: Record<string, unknown>[]) {
  const byKey = new Map(items.map((i) => [`${(i as any).pk}|${(i as any).sk}`, i]));
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({
    Item: byKey.get(`${input.Key.pk}|${input.Key.sk}`),
  }));
}

function cancelled(failedIndex: number, size: number) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: size }, (_, i) => ({
      Code: i === failedIndex ? 'ConditionalCheckFailed' : 'None',
    })),
  });
}

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('link tokens', () => {
  it('are 256 random bits in base64url, and differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newLinkToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(isWellFormedToken(t)).toBe(true);
    expect(Buffer.from([...tokens][0]!, 'base64url')).toHaveLength(32);
  });

  it('are stored only as their SHA-256', async () => {
    const url = await issueLink({
      purpose: 'decision',
      applicationId: APP_ID,
      round: 1,
      holder: REVIEWER,
      expiresAt: new Date('2026-12-31T23:00:00Z'),
    });
    const token = url.split('/').at(-1)!;
    expect(url).toBe(`https://alis.example.no/decisions/${token}`);
    const stored = dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(stored.pk).toBe(`LINK#${hashToken(token)}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored).toMatchObject({ holder: REVIEWER, expiresAt: '2026-12-31T23:00:00.000Z' });
  });

  it('refuse a malformed token without reading the table', async () => {
    await expect(resolveLink('abc', 'decision')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(`${TOKEN.slice(0, -1)}!`, 'decision')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('refuse a tampered token (one character changed) and a link of another purpose', async () => {
    table([link()]);
    const tampered = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('A') ? 'B' : 'A'}`;
    await expect(resolveLink(tampered, 'decision')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(TOKEN, 'amend')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(TOKEN, 'decision')).resolves.toMatchObject({ holder: REVIEWER });
  });

  it('compares secrets in constant time, refusing different lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});

describe('openDecision (what GET shows)', () => {
  it('reads and writes nothing', async () => {
    table([link(), round(), application()]);
    await expect(openDecision(TOKEN, NOW)).resolves.toMatchObject({
      app: { applicationId: APP_ID },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('answers Gone once the review window has closed', async () => {
    table([link({ expiresAt: '2026-12-03T09:59:59.000Z' }), round(), application()]);
    await expect(openDecision(TOKEN, NOW)).rejects.toBeInstanceOf(GoneError);
  });
});

describe('decide', () => {
  it('records an approval in one transaction, spends the link, takes the positions, then resumes the workflow', async () => {
    table([link(), round(), application(2)]);
    dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems: any[] }) => {
      table([
        link(),
        round({
          status: 'DECIDED',
          decision: input.TransactItems[0].Update.ExpressionAttributeValues[':s1'],
        }),
        application(2),
      ]);
      return {};
    });

    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).resolves.toEqual({
      applicationId: APP_ID,
      decision: 'approve',
    });

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(6);
    expect(items[0]!.Update).toMatchObject({
      Key: { sk: 'REVIEW#001' },
      ConditionExpression: '#status = :open',
    });
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: `LINK#${hashToken(TOKEN)}` },
      ConditionExpression: 'attribute_not_exists(usedAt)',
    });
    expect(items[2]!.Update!.ExpressionAttributeValues).toMatchObject({
      ':inReview': 'IN_REVIEW',
      ':round': 1,
    });
    expect(items[3]!.Put!.Item).toMatchObject({
      type: 'approved',
      by: REVIEWER,
      at: NOW.toISOString(),
    });
    // 20 positions in the round and 2 per municipality: two more fit only while at most 18 and 0 are held.
    expect(items[4]!.Update).toMatchObject({
      Key: { pk: 'ROUND#alis-nord-2027', sk: 'CAPACITY' },
      ExpressionAttributeValues: { ':positions': 2, ':highest': 18 },
    });
    expect(items[5]!.Update).toMatchObject({
      Key: { sk: 'MUNICIPALITY#5607' },
      ExpressionAttributeValues: { ':positions': 2, ':highest': 0 },
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'task-token-1' });
    expect(
      JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!),
    ).toMatchObject({ decision: 'approve', by: REVIEWER });
  });

  it('takes no positions for a rejection, and needs its comment', async () => {
    table([link(), round(), application()]);
    await expect(decide(TOKEN, { decision: 'reject', comment: '' }, NOW)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);

    await decide(TOKEN, { decision: 'reject', comment: 'Mangler veileder.' }, NOW);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(4);
    expect(items[3]!.Put!.Item).toMatchObject({ type: 'rejected', comment: 'Mangler veileder.' });
  });

  it('refuses an approval when the round is full, naming the round, and resumes nothing', async () => {
    table([link(), round(), application()]);
    dynamo.on(TransactWriteCommand).rejects(cancelled(4, 6));
    const refusal = decide(TOKEN, { decision: 'approve' }, NOW);
    await expect(refusal).rejects.toBeInstanceOf(ApprovalRefusedError);
    await expect(refusal).rejects.toMatchObject({
      reason: expect.stringMatching(/Søknadsrunden .* ikke nok ledige/),
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses an approval over the municipality cap, naming the cap', async () => {
    table([link(), round(), application()]);
    dynamo.on(TransactWriteCommand).rejects(cancelled(5, 6));
    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toMatchObject({
      reason: expect.stringMatching(/flere enn 2/),
    });
  });

  it('refuses, before writing, an approval of more positions than a municipality may have', async () => {
    table([link(), round(), application(3)]);
    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toMatchObject({
      reason: expect.stringMatching(/flere enn 2/),
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a second decision on a decided round with who decided, and hands the first one over if it had not been', async () => {
    const decided = {
      decision: 'reject',
      comment: 'Nei',
      by: 'fagrad2@alis-nord.example.no',
      at: '2026-12-02T08:00:00.000Z',
    };
    table([link(), round({ status: 'DECIDED', decision: decided }), application()]);
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));

    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toEqual(
      expect.objectContaining({ name: 'AlreadyDecidedError', decision: decided }),
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'task-token-1' });
  });

  it('tells a reviewer who lost a race that the round was decided', async () => {
    const winner = {
      decision: 'approve',
      comment: '',
      by: 'fagrad2@alis-nord.example.no',
      at: NOW.toISOString(),
    };
    let reads = 0;
    dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
      if (input.Key.pk.startsWith('LINK#')) return { Item: link() };
      if (input.Key.sk === 'APPLICATION') return { Item: application() };
      reads += 1;
      return {
        Item:
          reads === 1
            ? round()
            : round({ status: 'DECIDED', decision: winner, resumedAt: NOW.toISOString() }),
      };
    });
    dynamo.on(TransactWriteCommand).rejects(cancelled(0, 6));

    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toBeInstanceOf(
      AlreadyDecidedError,
    );
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});

/**
 * A table that applies the SET and REMOVE parts of updateParams-built updates (conditions are not
 * checked), so a test can follow an item through several steps.
 */
function livingTable(items: Record<string, any>[]) {
  const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, structuredClone(i)]));
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({
    Item: structuredClone(byKey.get(`${input.Key.pk}|${input.Key.sk}`)),
  }));
  dynamo.on(UpdateCommand).callsFake((input: any) => {
    const item = byKey.get(`${input.Key.pk}|${input.Key.sk}`);
    if (!item) return {};
    for (const [, name, value] of String(input.UpdateExpression).matchAll(/(#s\d+) = (:s\d+)/g))
      item[input.ExpressionAttributeNames[name!]] = input.ExpressionAttributeValues[value!];
    for (const [name] of String(input.UpdateExpression).matchAll(/#r\d+/g))
      delete item[input.ExpressionAttributeNames[name!]];
    return {};
  });
  return byKey;
}

describe('openReviewRound (the "Request review" task)', () => {
  const app = (status: string) => ({ ...application(), status, reviewRound: 1 });

  it('on a retried attempt takes over the open round and mails only the reviewers not yet mailed', async () => {
    const table = livingTable([
      app('IN_REVIEW'),
      round({
        taskToken: 'attempt-1',
        reviewers: [REVIEWER, 'fagrad2@alis-nord.example.no'],
        notified: [REVIEWER],
        windowEnd: '2026-12-31T23:00:00.000Z',
      }),
    ]);

    const opened = await openReviewRound(APP_ID, 'attempt-2', NOW);

    expect(opened.round).toBe(1);
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)!.taskToken).toBe('attempt-2');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(
      ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination!.ToAddresses),
    ).toEqual([['fagrad2@alis-nord.example.no']]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('hands a decision taken between two attempts to the new attempt, mailing nobody', async () => {
    const decided = { decision: 'approve', comment: '', by: REVIEWER, at: NOW.toISOString() };
    livingTable([
      app('APPROVED'),
      round({
        taskToken: 'attempt-1',
        status: 'DECIDED',
        decision: decided,
        resumedAt: NOW.toISOString(),
      }),
    ]);

    await openReviewRound(APP_ID, 'attempt-2', NOW);

    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'attempt-2' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("opens the next round after an amendment, when the decided round was the earlier request's", async () => {
    const decided = {
      decision: 'request-changes',
      comment: 'Mer',
      by: REVIEWER,
      at: NOW.toISOString(),
    };
    livingTable([
      app('IN_REVIEW'),
      round({
        taskToken: 'earlier-request',
        status: 'DECIDED',
        decision: decided,
        resumedAt: NOW.toISOString(),
      }),
    ]);

    const opened = await openReviewRound(APP_ID, 'new-request', NOW);

    expect(opened).toMatchObject({ round: 2, taskToken: 'new-request', status: 'OPEN' });
    const writes = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(writes[0]!.Put!.Item).toMatchObject({ sk: 'REVIEW#002' });
    expect(writes[1]!.Update!.UpdateExpression).toMatch(/REMOVE #r0, #r1, #r2$/); // the application's start timer
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });
});

describe('requestChanges (the "Request changes" task)', () => {
  const app = { ...application(), status: 'CHANGES_REQUESTED', reviewRound: 1 };
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

  it('on a retried attempt takes the request over without mailing the municipality again', async () => {
    const table = livingTable([
      app,
      request({ taskToken: 'attempt-1', notifiedAt: NOW.toISOString() }),
    ]);

    await requestChanges(APP_ID, 'attempt-2', 'Mer om bakvakt', NOW);

    expect(table.get(`APP#${APP_ID}|CHANGES#001`)!.taskToken).toBe('attempt-2');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('hands an amendment made between two attempts to the new attempt', async () => {
    livingTable([
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
