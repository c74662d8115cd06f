// Review rounds and decisions against a mocked DynamoDB and Step Functions: what is read, what one
// transaction writes, and how each refusal is told apart.

import { seedSettingsItem } from '../../../shared/store/programme-settings.js';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApprovalRefusedError, GoneError, ValidationError } from '../../../shared/errors.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import { decide, openDecision, openReviewRound } from '../../../shared/services/reviews.js';
import nord from '../../fixtures/application-alis-nord.json';
import { keys } from '../../../shared/store/items.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { answerReads, dynamo, fakeTable } from '../../support/table-fake.js';

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

beforeEach(() => {
  fakeTable();
  sfn.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('openDecision (what GET shows)', () => {
  it('reads and writes nothing', async () => {
    fakeTable([link(), round(), application(), ...seededRegisters()]);
    await expect(openDecision(TOKEN, NOW)).resolves.toMatchObject({
      app: { applicationId: APP_ID },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('answers Gone once the review window has closed', async () => {
    fakeTable([link({ expiresAt: '2026-12-03T09:59:59.000Z' }), round(), application()]);
    await expect(openDecision(TOKEN, NOW)).rejects.toBeInstanceOf(GoneError);
  });
});

describe('decide', () => {
  it('records an approval in one transaction, spends the link, takes the positions, then resumes the workflow', async () => {
    const table = fakeTable([link(), round(), application(2)]);
    dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems: any[] }) => {
      table.set(
        `APP#${APP_ID}|REVIEW#001`,
        round({
          status: 'DECIDED',
          decision: input.TransactItems[0].Update.ExpressionAttributeValues[':s1'],
        }),
      );
      return {};
    });

    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).resolves.toEqual({
      applicationId: APP_ID,
      decision: 'approve',
    });

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(7);
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
    // The approval notice is owed from this commit on: the daily run sends it if the workflow cannot.
    expect(items[6]!.Put).toMatchObject({
      Item: { sk: 'NOTICE#approved', status: 'PENDING', timerStage: 'send', gsi1pk: 'TIMER' },
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :reopened',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'task-token-1' });
    expect(
      JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!),
    ).toMatchObject({ decision: 'approve', by: REVIEWER });
  });

  it('takes no positions for a rejection, and needs its comment', async () => {
    fakeTable([link(), round(), application()]);
    await expect(decide(TOKEN, { decision: 'reject', comment: '' }, NOW)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);

    await decide(TOKEN, { decision: 'reject', comment: 'Mangler veileder.' }, NOW);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(5);
    expect(items[3]!.Put!.Item).toMatchObject({ type: 'rejected', comment: 'Mangler veileder.' });
    expect(items[4]!.Put!.Item).toMatchObject({ sk: 'NOTICE#rejected', status: 'PENDING' });
  });

  // The capacity conditions themselves refuse, in the table fake's transaction (applied).
  const capacity = (sk: string, approvedPositions: number) => ({
    pk: 'ROUND#alis-nord-2027',
    sk,
    approvedPositions,
  });

  it('refuses an approval when the round is full, naming the round, and resumes nothing', async () => {
    const table = fakeTable([link(), round(), application(), capacity('CAPACITY', 20)], {
      applyTransactions: true,
    });
    const refusal = decide(TOKEN, { decision: 'approve' }, NOW);
    await expect(refusal).rejects.toBeInstanceOf(ApprovalRefusedError);
    await expect(refusal).rejects.toMatchObject({
      reason: expect.stringMatching(/Søknadsrunden .* ikke nok ledige/),
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)).toEqual(round()); // nothing written
    expect(table.get(`LINK#${hashToken(TOKEN)}|LINK`)).toEqual(link());
  });

  it('refuses an approval over the municipality cap, naming the cap', async () => {
    fakeTable([link(), round(), application(), capacity('MUNICIPALITY#5607', 2)], {
      applyTransactions: true,
    });
    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toMatchObject({
      reason: expect.stringMatching(/flere enn 2/),
    });
    // One position still fits under the same cap.
    fakeTable([link(), round(), application(), capacity('MUNICIPALITY#5607', 1)], {
      applyTransactions: true,
    });
    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).resolves.toMatchObject({
      decision: 'approve',
    });
  });

  it('approves fewer positions than asked: capacity takes only those, and the decision and the application record them', async () => {
    const table = fakeTable([link(), round(), application(2), capacity('MUNICIPALITY#5607', 1)], {
      applyTransactions: true,
    });
    await expect(
      decide(TOKEN, { decision: 'approve', positionsApproved: '1' }, NOW),
    ).resolves.toMatchObject({ decision: 'approve' });
    expect(table.get('ROUND#alis-nord-2027|MUNICIPALITY#5607')).toMatchObject({
      approvedPositions: 2,
    });
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)?.decision).toMatchObject({ positionsApproved: 1 });
    expect(table.get(`APP#${APP_ID}|APPLICATION`)).toMatchObject({ positionsApproved: 1 });
  });

  it.each([
    ['0', 'too-small'],
    ['3', 'too-large'],
    ['1,5', 'invalid'],
    [{}, 'invalid'],
  ])('refuses positionsApproved %j (%s) by its field, writing nothing', async (value, code) => {
    fakeTable([link(), round(), application(2)]);
    await expect(
      decide(TOKEN, { decision: 'approve', positionsApproved: value }, NOW),
    ).rejects.toMatchObject({ errors: [{ path: 'positionsApproved', code }] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses, before writing, an approval of more positions than a municipality may have', async () => {
    fakeTable([link(), round(), application(3)]);
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
    fakeTable([link(), round({ status: 'DECIDED', decision: decided }), application()]);
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
    // The programme's settings are there already: reading them writes nothing.
    const table = fakeTable(
      [link(), round(), application(), seedSettingsItem('alis-nord', NOW), ...seededRegisters()],
      {
        applyTransactions: true,
      },
    );
    const roundKey = `APP#${APP_ID}|REVIEW#001`;
    // The other reviewer's decision commits right after this one read the round as open: the
    // table then holds what that transaction wrote, and this one's conditions meet it.
    let raced: [string, unknown][] | undefined;
    answerReads((pk, sk) => {
      const item = structuredClone(table.get(`${pk}|${sk}`));
      if (`${pk}|${sk}` === roundKey && !raced) {
        table.set(roundKey, round({ status: 'DECIDED', decision: winner, resumedAt: winner.at }));
        table.set(`APP#${APP_ID}|APPLICATION`, { ...application(), status: 'APPROVED' });
        table.set(`APP#${APP_ID}|NOTICE#approved`, {
          ...keys.notice(APP_ID, 'approved'),
          status: 'PENDING',
        });
        raced = structuredClone([...table.entries()]);
      }
      return item;
    });

    await expect(decide(TOKEN, { decision: 'approve' }, NOW)).rejects.toEqual(
      expect.objectContaining({ name: 'AlreadyDecidedError', decision: winner }),
    );
    expect(raced).toBeDefined();
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // Refused whole: the link is not spent, no position taken, the winner's decision stands.
    expect([...table.entries()]).toEqual(raced);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});

describe('openReviewRound (the "Request review" task)', () => {
  const app = (status: string) => ({ ...application(), status, reviewRound: 1 });

  it('on a retried attempt takes over the open round and mails only the reviewers not yet mailed', async () => {
    const table = fakeTable([
      app('IN_REVIEW'),
      round({
        taskToken: 'attempt-1',
        reviewers: [REVIEWER, 'fagrad2@alis-nord.example.no'],
        notified: [REVIEWER],
        windowEnd: '2026-12-31T23:00:00.000Z',
      }),
    ]);

    const opened = await openReviewRound(APP_ID, 'attempt-2', NOW);

    expect(opened).toMatchObject({ round: 1 });
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)!.taskToken).toBe('attempt-2');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(
      ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination!.ToAddresses),
    ).toEqual([['fagrad2@alis-nord.example.no']]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it("writes a new round's links in one call before mailing, and records those mailed in one call after", async () => {
    const second = 'fagrad2@alis-nord.example.no';
    const table = fakeTable(
      [{ ...application(), status: 'SUBMITTED', reviewRound: 0 }, ...seededRegisters()],
      { applyTransactions: true },
    );

    const opened = await openReviewRound(APP_ID, 'attempt-1', NOW);

    // One transaction opens the round; a second holds both reviewers' links.
    const transactions = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    expect(transactions).toHaveLength(2);
    const links = transactions[1]!.TransactItems!.map((part) => part.Put!.Item!);
    expect(links.map((item) => item.holder)).toEqual([REVIEWER, second]);
    expect(links.every((item) => String(item.pk).startsWith('LINK#'))).toBe(true);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    // Each e-mail carries the token of its own stored link.
    const urls = ses
      .commandCalls(SendEmailCommand)
      .map(
        (c) =>
          /\/decisions\/([\w-]+)/.exec(c.args[0].input.Content!.Simple!.Body!.Text!.Data!)![1]!,
      );
    expect(urls.map((token) => `LINK#${hashToken(token)}`)).toEqual(links.map((item) => item.pk));
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)!.notified).toEqual([REVIEWER, second]);
    expect(opened).toMatchObject({ round: 1 });
  });

  it('records the reviewers mailed before an e-mail failed, so a retry mails only the others', async () => {
    const second = 'fagrad2@alis-nord.example.no';
    const table = fakeTable([{ ...application(), status: 'SUBMITTED', reviewRound: 0 }], {
      applyTransactions: true,
    });
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'm' })
      .rejectsOnce(new Error('SES throttled'))
      .resolves({ MessageId: 'm' });

    await expect(openReviewRound(APP_ID, 'attempt-1', NOW)).rejects.toThrow('SES throttled');
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)!.notified).toEqual([REVIEWER]);

    await openReviewRound(APP_ID, 'attempt-2', NOW);
    const mailed = ses
      .commandCalls(SendEmailCommand)
      .map((c) => c.args[0].input.Destination!.ToAddresses![0]);
    // The first, the refused one, and the retry's: the second reviewer only.
    expect(mailed).toEqual([REVIEWER, second, second]);
    expect(table.get(`APP#${APP_ID}|REVIEW#001`)!.notified).toEqual([REVIEWER, second]);
  });

  it('hands a decision taken between two attempts to the new attempt, mailing nobody', async () => {
    const decided = { decision: 'approve', comment: '', by: REVIEWER, at: NOW.toISOString() };
    fakeTable([
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
    fakeTable([
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
