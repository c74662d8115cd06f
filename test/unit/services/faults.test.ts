// What a fault leaves behind: a stopped execution behind "already started", a decision on a stopped
// execution, a crash in the middle of a reminder mailing, and resuming a stopped review. Against the
// table fake (transactions applied) and mocked Step Functions and SES.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../../shared/services/daily-run.js';
import { decide } from '../../../shared/services/reviews.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import { resumeReview } from '../../../shared/services/resume.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2026-12-10T05:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';
const APP_KEY = `APP#${APP_ID}|APPLICATION`;
const ROUND_KEY = `APP#${APP_ID}|REVIEW#001`;
const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];

function application(overrides: FakeItem = {}): FakeItem {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'APPLICATION',
    applicationId: APP_ID,
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipalityNumber: '5607',
    status: 'IN_REVIEW',
    submittedAt: '2026-12-01T10:00:00.000Z',
    statusSecret: 'secret',
    application: { ...nord, municipality: { ...nord.municipality, name: 'Vardø kommune' } },
    version: 1,
    reviewRound: 1,
    ...overrides,
  };
}

function round(overrides: FakeItem = {}): FakeItem {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'REVIEW#001',
    applicationId: APP_ID,
    round: 1,
    taskToken: 'task-token-1',
    status: 'OPEN',
    requestedAt: '2026-12-01T10:00:00.000Z',
    windowStart: '2026-12-01T10:00:00.000Z',
    windowEnd: '2026-12-31T23:00:00.000Z',
    reviewers: REVIEWERS,
    notified: REVIEWERS,
    ...overrides,
  };
}

/** The table fake with the byDue index answered from the live items. */
function table(items: FakeItem[]): Map<string, FakeItem> {
  const live = fakeTable(items, { applyTransactions: true });
  dynamo.on(QueryCommand).callsFake((input) => ({
    Items: [...live.values()].filter(
      (item) => item.gsi1pk === 'TIMER' && item.gsi1sk < input.ExpressionAttributeValues[':below'],
    ),
  }));
  return live;
}

const recipients = () =>
  ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination!.ToAddresses![0]);

beforeEach(() => {
  sfn.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('the daily run\'s start timer: "already started" is not "running"', () => {
  const stranded = () =>
    application({
      status: 'SUBMITTED',
      reviewRound: 0,
      timerStage: 'start',
      gsi1pk: 'TIMER',
      gsi1sk: `2026-12-09T11:00:00.000Z#APP#${APP_ID}#APPLICATION`,
    });

  it('resumes the review as <id>-r1 when the execution of that name has failed', async () => {
    const items = table([stranded()]);
    sfn
      .on(StartExecutionCommand, { name: APP_ID })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(StartExecutionCommand, { name: `${APP_ID}-r1` }).resolves({ executionArn: 'arn' });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/APPLICATION`, action: 'review-resumed' },
    ]);
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, {
      executionArn: `arn:aws:states:eu-north-1:000000000000:execution:ApplicationReview:${APP_ID}`,
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: `${APP_ID}-r1` });
    expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });
    expect(items.get(APP_KEY)).not.toHaveProperty('gsi1pk');
  });

  it('clears the timer when the execution of that name runs', async () => {
    const items = table([stranded()]);
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/APPLICATION`, action: 'review-started' },
    ]);
    expect(items.get(APP_KEY)).not.toHaveProperty('gsi1pk');
  });
});

describe('resuming a stopped review', () => {
  it('starts <id>-r1, counted by a conditional write, and refuses a second resume that saw the same count', async () => {
    const items = table([application()]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    const seenByBoth = application();

    await expect(resumeReview(APP_ID, NOW)).resolves.toMatchObject({
      action: 'resumed',
      found: 'FAILED',
      executionName: `${APP_ID}-r1`,
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: `${APP_ID}-r1` });
    expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });
    expect(items.get(APP_KEY)).not.toHaveProperty('gsi1pk');

    // A second operator who read the application before the first resume wrote its count.
    const { claimResume } = await import('../../../shared/store/applications.js');
    await expect(claimResume(seenByBoth as never, 1, NOW)).resolves.toBe(false);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('does nothing to a review whose execution runs', async () => {
    table([application({ executionResumes: 1 })]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    await expect(resumeReview(APP_ID, NOW)).resolves.toMatchObject({
      action: 'nothing-to-do',
      executionName: `${APP_ID}-r1`,
    });
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, {
      executionArn: expect.stringMatching(/:execution:ApplicationReview:AN-2026-AAAAAAAA-r1$/),
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });
});

describe('a decision on a stopped execution', () => {
  const decided = (decision: string) =>
    round({
      status: 'DECIDED',
      decision: { decision, comment: 'Mangler veileder.', by: REVIEWERS[0], at: NOW.toISOString() },
      timerStage: 'resume',
      gsi1pk: 'TIMER',
      gsi1sk: `2026-12-09T10:00:00.000Z#APP#${APP_ID}#REVIEW#001`,
    });

  beforeEach(() => {
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));
  });

  it.each(['approve', 'reject', 'request-changes'])(
    'resumes the review when the execution failed (%s): the resumed execution takes the decision from there',
    async (decision) => {
      const items = table([
        application({ status: decision === 'approve' ? 'APPROVED' : 'REJECTED' }),
        decided(decision),
      ]);
      sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
      sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

      await expect(runDueTimers(NOW)).resolves.toEqual([
        { item: `APP#${APP_ID}/REVIEW#001`, action: 'handed-over' },
      ]);
      expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
      expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: `${APP_ID}-r1` });
      // Nothing is mailed around the workflow: its own steps create the grant and tell everyone.
      expect(recipients()).toEqual([]);
      expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });
      expect(items.get(ROUND_KEY)).toMatchObject({ resumedAt: NOW.toISOString() });
      expect(items.get(ROUND_KEY)).not.toHaveProperty('gsi1pk');

      // Done once: a second run finds nothing due.
      await runDueTimers(NOW);
      expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    },
  );

  it('mails nobody when the execution runs (a task between two attempts)', async () => {
    const items = table([application({ status: 'REJECTED' }), decided('reject')]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    await runDueTimers(NOW);
    expect(recipients()).toEqual([]);
    expect(items.get(ROUND_KEY)).toMatchObject({ resumedAt: NOW.toISOString() });
  });

  it('leaves it to the daily run when a reviewer decides: the web does not look at executions', async () => {
    const token = newLinkToken();
    const items = table([
      application(),
      round({ timerStage: 'reminder', gsi1pk: 'TIMER', gsi1sk: '2026-12-20T05:00:00.000Z#x' }),
      {
        pk: `LINK#${hashToken(token)}`,
        sk: 'LINK',
        purpose: 'decision',
        applicationId: APP_ID,
        round: 1,
        holder: REVIEWERS[0],
        expiresAt: '2026-12-31T23:00:00.000Z',
      },
    ]);

    await decide(token, { decision: 'reject', comment: 'Mangler veileder.' }, NOW);

    expect(sfn).not.toHaveReceivedCommand(DescribeExecutionCommand);
    expect(recipients()).toEqual([]);
    expect(items.get(ROUND_KEY)).toMatchObject({ timerStage: 'resume', gsi1pk: 'TIMER' });
    expect(items.get(ROUND_KEY)).not.toHaveProperty('resumedAt');
  });
});

describe('reminders are at least once', () => {
  it('keeps the stage due when the mailing breaks off, and the next run mails only who is left', async () => {
    const items = table([
      application(),
      round({
        timerStage: 'reminder',
        gsi1pk: 'TIMER',
        gsi1sk: `2026-12-08T05:00:00.000Z#APP#${APP_ID}#REVIEW#001`,
      }),
    ]);
    // SES takes the first reminder and then fails (an outage, a crash in between).
    let sends = 0;
    ses.on(SendEmailCommand).callsFake(() => {
      if (++sends > 1) throw Object.assign(new Error('throttled'), { name: 'TooManyRequests' });
      return { MessageId: 'm' };
    });

    await expect(runDueTimers(NOW)).resolves.toMatchObject([{ action: 'failed' }]);
    expect(items.get(ROUND_KEY)).toMatchObject({
      timerStage: 'reminder',
      mailingStage: 'reminder',
      notified: [REVIEWERS[0]],
      gsi1sk: `2026-12-08T05:00:00.000Z#APP#${APP_ID}#REVIEW#001`,
    });

    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    await expect(runDueTimers(NOW)).resolves.toMatchObject([{ action: 'reminded' }]);
    expect(recipients()).toEqual([REVIEWERS[0], REVIEWERS[1], REVIEWERS[1]]);
    expect(items.get(ROUND_KEY)).toMatchObject({ timerStage: 'escalation', notified: REVIEWERS });
    expect(items.get(ROUND_KEY)).not.toHaveProperty('mailingStage');
    expect(items.get(ROUND_KEY)!.gsi1sk).toMatch(/^2026-12-14T23:00:00.000Z#/);

    // Done: a third run the same day finds nothing due.
    await expect(runDueTimers(NOW)).resolves.toEqual([]);
  });
});

describe('a stop recorded by a workflow’s Catch', () => {
  const stop = (overrides: FakeItem = {}): FakeItem => ({
    pk: `APP#${APP_ID}`,
    sk: 'STOPPED#REVIEW',
    applicationId: APP_ID,
    workflow: 'review',
    executionName: APP_ID,
    error: 'TooManyRequestsException',
    stoppedAt: '2026-12-09T10:00:00.000Z',
    timerStage: 'resume',
    gsi1pk: 'TIMER',
    gsi1sk: `2026-12-09T10:00:00.000Z#APP#${APP_ID}#STOPPED#REVIEW`,
    ...overrides,
  });
  const STOP_KEY = `APP#${APP_ID}|STOPPED#REVIEW`;

  it('is written by "Record stop" with a timer due at once', async () => {
    const items = table([]);
    const { recordStop } = await import('../../../shared/services/resume.js');
    await recordStop(
      { applicationId: APP_ID, executionName: `${APP_ID}-r2`, error: 'States.TaskFailed' },
      NOW,
    );
    expect(items.get(STOP_KEY)).toMatchObject({
      workflow: 'review',
      executionName: `${APP_ID}-r2`,
      timerStage: 'resume',
      gsi1pk: 'TIMER',
      gsi1sk: `${NOW.toISOString()}#APP#${APP_ID}#STOPPED#REVIEW`,
    });
  });

  it('makes the daily run resume the review once, however often the run comes', async () => {
    const items = table([application(), stop()]);
    sfn.on(DescribeExecutionCommand, { executionArn: expect.stringMatching(/:AN-2026-AAAAAAAA$/) });
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => ({
      status: input.executionArn.endsWith('-r1') ? 'RUNNING' : 'FAILED',
    }));
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/STOPPED#REVIEW`, action: 'workflow-resumed' },
    ]);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: `${APP_ID}-r1` });
    expect(items.get(STOP_KEY)).not.toHaveProperty('gsi1pk');
    expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });

    await expect(runDueTimers(NOW)).resolves.toEqual([]);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('waits while the stopped execution still runs its Catch', async () => {
    const items = table([application(), stop()]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/STOPPED#REVIEW`, action: 'stopping' },
    ]);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(items.get(STOP_KEY)).toMatchObject({ gsi1pk: 'TIMER' });
  });

  it('is done, not failed, when another resume came first (two runs at once)', async () => {
    const items = table([application(), stop()]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    const [first, second] = await Promise.all([runDueTimers(NOW), runDueTimers(NOW)]);
    const actions = [...first!, ...second!].map((o) => o.action).sort();
    expect(actions).toEqual(['resumed-elsewhere', 'workflow-resumed']);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });
    expect(items.get(STOP_KEY)).not.toHaveProperty('gsi1pk');
  });

  it('resumes a year’s payment as <id>-y<year>-r1, counted on the instalment', async () => {
    const INSTALMENT_KEY = `APP#${APP_ID}|INSTALMENT#002`;
    const items = table([
      {
        pk: `APP#${APP_ID}`,
        sk: 'INSTALMENT#002',
        applicationId: APP_ID,
        programme: 'alis-nord',
        year: 2,
        years: 5,
        dueDate: '2028-01-01',
        status: 'AWAITING_CONFIRMATION',
      },
      stop({
        sk: 'STOPPED#PAYMENT#002',
        workflow: 'payment',
        year: 2,
        executionName: `${APP_ID}-y2`,
        gsi1sk: `2026-12-09T10:00:00.000Z#APP#${APP_ID}#STOPPED#PAYMENT#002`,
      }),
    ]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/STOPPED#PAYMENT#002`, action: 'workflow-resumed' },
    ]);
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, {
      executionArn: `arn:aws:states:eu-north-1:000000000000:execution:AnnualPayment:${APP_ID}-y2`,
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      name: `${APP_ID}-y2-r1`,
      input: JSON.stringify({ applicationId: APP_ID, position: 1, year: 2 }),
    });
    expect(items.get(INSTALMENT_KEY)).toMatchObject({ executionResumes: 1 });
  });
});

describe('a pending approval notice and the run’s own hand-over of the decision', () => {
  const pendingApproval = (): FakeItem => ({
    pk: `APP#${APP_ID}`,
    sk: 'NOTICE#approved',
    applicationId: APP_ID,
    kind: 'approved',
    status: 'PENDING',
    timerStage: 'send',
    gsi1pk: 'TIMER',
    gsi1sk: `2026-12-09T11:00:00.000Z#APP#${APP_ID}#NOTICE#approved`,
  });

  it('is no fault while the grant is still to be written: the notice stays due', async () => {
    const items = table([application({ status: 'APPROVED' }), pendingApproval()]);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `APP#${APP_ID}/NOTICE#approved`, action: 'waiting-for-grant' },
    ]);
    expect(recipients()).toEqual([]);
    expect(items.get(`APP#${APP_ID}|NOTICE#approved`)).toMatchObject({
      status: 'PENDING',
      gsi1pk: 'TIMER',
    });
  });

  it('resumes the review when its execution stopped, and is no fault when the round’s hand-over resumes it too', async () => {
    const items = table([
      application({ status: 'APPROVED' }),
      pendingApproval(),
      round({
        status: 'DECIDED',
        decision: { decision: 'approve', comment: '', by: REVIEWERS[0], at: NOW.toISOString() },
        timerStage: 'resume',
        gsi1pk: 'TIMER',
        gsi1sk: `2026-12-09T10:00:00.000Z#APP#${APP_ID}#REVIEW#001`,
      }),
    ]);
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => ({
      status: input.executionArn.endsWith('-r1') ? 'RUNNING' : 'FAILED',
    }));
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

    const outcomes = await runDueTimers(NOW);
    expect(outcomes.filter((o) => o.action === 'failed')).toEqual([]);
    expect(outcomes).toHaveLength(2);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: `${APP_ID}-r1` });
    expect(items.get(APP_KEY)).toMatchObject({ executionResumes: 1 });
    expect(recipients()).toEqual([]);
  });
});
