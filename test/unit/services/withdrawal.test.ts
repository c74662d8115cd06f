// The municipality's withdrawal against the table fake and mocked Step Functions and SES: from each
// status before a decision, what it closes and hands to the waiting task; refused after a decision
// or a second time; the workflow's steps that find it withdrawn; the reviewers' e-mail and links.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { parseWithdrawal } from '../../../shared/domain/review.js';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../../../shared/errors.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import { requestChanges } from '../../../shared/services/changes.js';
import { notifyMunicipality } from '../../../shared/services/notices.js';
import { openDecision, openReviewRound } from '../../../shared/services/reviews.js';
import { withdrawApplication } from '../../../shared/services/withdrawal.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2026-12-03T10:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';
const TOKEN = `${APP_ID}.the-status-secret`;
const PK = `APP#${APP_ID}`;
const REVIEWERS = PROGRAMMES['alis-nord'].people.reviewers;

function application(status: string, reviewRound: number, extra: Record<string, unknown> = {}) {
  return {
    pk: PK,
    sk: 'APPLICATION',
    applicationId: APP_ID,
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipalityNumber: '5607',
    statusSecret: 'the-status-secret',
    status,
    reviewRound,
    version: 1,
    submittedAt: NOW.toISOString(),
    application: nord,
    ...extra,
  };
}

const openRound = {
  pk: PK,
  sk: 'REVIEW#001',
  applicationId: APP_ID,
  round: 1,
  taskToken: 'review-token',
  status: 'OPEN',
  requestedAt: NOW.toISOString(),
  windowStart: NOW.toISOString(),
  windowEnd: '2027-01-02T23:00:00.000Z',
  reviewers: [...REVIEWERS],
  notified: [...REVIEWERS],
};

beforeEach(() => {
  fakeTable();
  sfn.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

const answers = () =>
  sfn.commandCalls(SendTaskSuccessCommand).map((c) => ({
    taskToken: c.args[0].input.taskToken,
    output: JSON.parse(c.args[0].input.output!),
  }));
const auditOf = (table: Map<string, Record<string, unknown>>) =>
  [...table.values()].filter((item) => String(item.sk).startsWith('EVENT#'));

describe('withdrawApplication', () => {
  it('from IN_REVIEW closes the open round, makes both e-mails due and hands "withdrawn" to the waiting task', async () => {
    const table = fakeTable([application('IN_REVIEW', 1), openRound], { applyTransactions: true });

    await expect(withdrawApplication(TOKEN, { confirm: true }, NOW)).resolves.toEqual({
      applicationId: APP_ID,
      status: 'WITHDRAWN',
    });

    expect(table.get(`${PK}|APPLICATION`)).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnBy: 'municipality',
    });
    expect(table.get(`${PK}|REVIEW#001`)).toMatchObject({
      status: 'WITHDRAWN',
      resumedAt: expect.any(String),
    });
    expect(table.get(`${PK}|NOTICE#withdrawn`)).toMatchObject({ status: 'PENDING' });
    expect(table.get(`${PK}|NOTICE#withdrawn-reviewers`)).toMatchObject({ status: 'PENDING' });
    expect(auditOf(table)).toEqual([
      expect.objectContaining({ type: 'withdrawn', by: nord.contact.email }),
    ]);
    expect(answers()).toEqual([{ taskToken: 'review-token', output: { decision: 'withdrawn' } }]);
    // The web function mails nobody: the workflow's notify steps do.
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('from AWAITING_CONTACT closes the wait for the address; no reviewer had a link', async () => {
    const table = fakeTable(
      [
        application('AWAITING_CONTACT', 0, { contactConfirmation: 'required' }),
        {
          pk: PK,
          sk: 'VERIFY',
          applicationId: APP_ID,
          programme: 'alis-nord',
          addressHash: 'h',
          status: 'OPEN',
          deadline: '2026-12-10T23:00:00.000Z',
          taskToken: 'contact-token',
        },
      ],
      { applyTransactions: true },
    );

    await withdrawApplication(TOKEN, { confirm: true }, NOW);

    expect(table.get(`${PK}|VERIFY`)).toMatchObject({ status: 'WITHDRAWN', outcome: 'withdrawn' });
    expect(table.get(`${PK}|NOTICE#withdrawn-reviewers`)).toBeUndefined();
    expect(answers()).toEqual([{ taskToken: 'contact-token', output: { outcome: 'withdrawn' } }]);
  });

  it('from CHANGES_REQUESTED closes the change request, the same closing as its deadline', async () => {
    const table = fakeTable(
      [
        application('CHANGES_REQUESTED', 1),
        { ...openRound, status: 'DECIDED', decision: { decision: 'request-changes' } },
        {
          pk: PK,
          sk: 'CHANGES#001',
          applicationId: APP_ID,
          round: 1,
          taskToken: 'changes-token',
          status: 'OPEN',
          comment: 'Mer om bakvakt',
          requestedAt: NOW.toISOString(),
          deadline: '2027-01-01T23:00:00.000Z',
        },
      ],
      { applyTransactions: true },
    );

    await withdrawApplication(TOKEN, { confirm: true }, NOW);

    expect(table.get(`${PK}|CHANGES#001`)).toMatchObject({
      status: 'WITHDRAWN',
      outcome: 'withdrawn',
    });
    expect(table.get(`${PK}|NOTICE#withdrawn-reviewers`)).toMatchObject({ status: 'PENDING' });
    expect(answers()).toEqual([{ taskToken: 'changes-token', output: { outcome: 'withdrawn' } }]);
  });

  it('from SUBMITTED moves only the application: no task waits yet', async () => {
    const table = fakeTable([application('SUBMITTED', 0)], { applyTransactions: true });

    await withdrawApplication(TOKEN, { confirm: true }, NOW);

    expect(table.get(`${PK}|APPLICATION`)!.status).toBe('WITHDRAWN');
    expect(answers()).toEqual([]);
  });

  it.each([
    ['WITHDRAWN', 'already-withdrawn'],
    ['APPROVED', 'already-decided'],
    ['REJECTED', 'already-decided'],
    ['ACTIVE', 'already-decided'],
  ])('refuses %s with 409 %s, whatever the body, and writes nothing', async (status, code) => {
    fakeTable([application(status, 1)], { applyTransactions: true });
    for (const body of [{ confirm: true }, {}, 'x']) {
      const refused = await withdrawApplication(TOKEN, body, NOW).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as ConflictError).errors.map((e) => e.code)).toEqual([code]);
    }
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('needs the confirmation, and the status secret', async () => {
    fakeTable([application('IN_REVIEW', 1), openRound], { applyTransactions: true });
    const refused = await withdrawApplication(TOKEN, {}, NOW).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      expect.objectContaining({ path: 'confirm', code: 'required' }),
    ]);
    await expect(
      withdrawApplication(`${APP_ID}.another-secret`, { confirm: true }, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('reads again when a decision came in between, and then refuses with 409', async () => {
    const table = fakeTable([application('IN_REVIEW', 1), openRound], { applyTransactions: true });
    // A reviewer decides between the withdrawal's read and its write.
    dynamo.on(TransactWriteCommand).callsFakeOnce(() => {
      table.set(`${PK}|APPLICATION`, { ...table.get(`${PK}|APPLICATION`)!, status: 'APPROVED' });
      table.set(`${PK}|REVIEW#001`, { ...openRound, status: 'DECIDED' });
      throw new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed' },
          { Code: 'ConditionalCheckFailed' },
        ],
      });
    });
    const refused = await withdrawApplication(TOKEN, { confirm: true }, NOW).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).errors[0]!.code).toBe('already-decided');
    expect(table.get(`${PK}|APPLICATION`)!.status).toBe('APPROVED');
    expect(table.get(`${PK}|REVIEW#001`)!.status).toBe('DECIDED');
  });
});

describe('parseWithdrawal', () => {
  it('takes exactly confirm: true; names the field for anything else', () => {
    expect(parseWithdrawal({ confirm: true })).toEqual([]);
    for (const missing of [{}, { confirm: null }, { confirm: false }])
      expect(parseWithdrawal(missing)[0]).toMatchObject({ path: 'confirm', code: 'required' });
    for (const wrong of [{ confirm: 'true' }, { confirm: 1 }, { confirm: [true] }])
      expect(parseWithdrawal(wrong)[0]).toMatchObject({ path: 'confirm', code: 'invalid-type' });
    for (const notObject of [null, [], 'ja', 1, true])
      expect(parseWithdrawal(notObject)[0]).toMatchObject({ path: '', code: 'invalid-type' });
  });
});

describe('after a withdrawal', () => {
  it("the reviewers' decision links answer 410, decided round or not", async () => {
    const token = newLinkToken();
    const link = {
      pk: `LINK#${hashToken(token)}`,
      sk: 'LINK',
      purpose: 'decision',
      applicationId: APP_ID,
      round: 1,
      holder: REVIEWERS[0],
      expiresAt: '2027-01-02T23:00:00.000Z',
    };
    for (const round of [
      { ...openRound, status: 'WITHDRAWN' },
      { ...openRound, status: 'DECIDED', decision: { decision: 'request-changes' } },
    ]) {
      fakeTable([application('WITHDRAWN', 1, { withdrawnBy: 'municipality' }), round, link]);
      const gone = await openDecision(token, NOW).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(GoneError);
      expect((gone as GoneError).page?.title).toBe('Søknaden er trukket');
    }
  });

  it('"Request review" before any round answers itself "withdrawn" and mails no reviewer', async () => {
    fakeTable([application('WITHDRAWN', 0, { withdrawnBy: 'municipality' })]);
    await expect(openReviewRound(APP_ID, 'request-token', NOW)).resolves.toBe('withdrawn');
    expect(answers()).toEqual([{ taskToken: 'request-token', output: { decision: 'withdrawn' } }]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('"Request review" on a resumed execution takes over the withdrawn round and hands it over', async () => {
    const table = fakeTable([
      application('WITHDRAWN', 1, { withdrawnBy: 'municipality' }),
      { ...openRound, status: 'WITHDRAWN', taskToken: 'old-token' },
    ]);
    await openReviewRound(APP_ID, 'new-token', NOW);
    expect(answers()).toEqual([{ taskToken: 'new-token', output: { decision: 'withdrawn' } }]);
    expect(table.get(`${PK}|REVIEW#001`)!.taskToken).toBe('new-token');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('"Request changes" before its request was written answers "withdrawn" and mails no link', async () => {
    const table = fakeTable([application('WITHDRAWN', 1, { withdrawnBy: 'municipality' })], {
      applyTransactions: true,
    });
    await requestChanges(APP_ID, 'changes-token', 'Mer om bakvakt', NOW);
    expect(answers()).toEqual([{ taskToken: 'changes-token', output: { outcome: 'withdrawn' } }]);
    expect(table.get(`${PK}|CHANGES#001`)).toBeUndefined();
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("the municipality's receipt says it was withdrawn as asked; each reviewer is told once", async () => {
    const table = fakeTable(
      [
        application('WITHDRAWN', 1, { withdrawnBy: 'municipality' }),
        { ...openRound, status: 'WITHDRAWN' },
        {
          pk: PK,
          sk: 'NOTICE#withdrawn',
          applicationId: APP_ID,
          kind: 'withdrawn',
          status: 'PENDING',
        },
        {
          pk: PK,
          sk: 'NOTICE#withdrawn-reviewers',
          applicationId: APP_ID,
          kind: 'withdrawn-reviewers',
          status: 'PENDING',
        },
      ],
      { applyTransactions: true },
    );
    dynamo.on(TransactWriteCommand).resolves({});

    await notifyMunicipality(APP_ID, 'withdrawn', NOW);
    await notifyMunicipality(APP_ID, 'withdrawn-reviewers', NOW);

    const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(sent.map((m) => m.Destination!.ToAddresses)).toEqual([
      [nord.contact.email],
      ...REVIEWERS.map((r) => [r]),
    ]);
    expect(sent[0]!.Content!.Simple!.Body!.Text!.Data).toContain('slik dere ba om');
    expect(sent[1]!.Content!.Simple!.Subject!.Data).toContain(APP_ID);
    expect(table.size).toBeGreaterThan(0);
  });

  it('the reviewers hear of no withdrawal the municipality did not make (not recorded as due)', async () => {
    fakeTable([application('WITHDRAWN', 1), { ...openRound, status: 'DECIDED' }]);
    await expect(notifyMunicipality(APP_ID, 'withdrawn-reviewers', NOW)).resolves.toBe('not-due');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
