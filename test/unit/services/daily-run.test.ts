// The daily run against the table fake (transactions applied, every condition checked) and mocked
// Step Functions: one failing item does not stop the others, and a timer is cleared only while it
// is still the one the run acted on.

import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/daily-run/handler.js';
import { DailyRunIncompleteError } from '../../../shared/errors.js';
import { runDueTimers } from '../../../shared/services/daily-run.js';
import { answerReads, dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const NOW = new Date('2026-12-10T05:00:00Z');

const broken = {
  pk: 'APP#AN-2026-AAAAAAAA',
  sk: 'REVIEW#001',
  gsi1pk: 'TIMER',
  gsi1sk: '2026-12-08T23:00:00.000Z#x',
};
const amended = {
  pk: 'APP#AN-2026-BBBBBBBB',
  sk: 'CHANGES#001',
  applicationId: 'AN-2026-BBBBBBBB',
  round: 1,
  taskToken: 'token-b',
  status: 'AMENDED',
  outcome: 'amended',
  timerStage: 'resume',
  gsi1pk: 'TIMER',
  gsi1sk: '2026-12-09T10:00:00.000Z#y',
};
const at = (item: FakeItem) => `${item.pk}|${item.sk}`;

/**
 * The table fake with the byDue index answered from the live items, and the reads of `broken`
 * throttled (a fault of one item).
 */
function table(items: FakeItem[]): Map<string, FakeItem> {
  const live = fakeTable(items, { applyTransactions: true });
  dynamo.on(QueryCommand).callsFake((input) => ({
    Items: [...live.values()].filter(
      (item) =>
        item.gsi1pk === input.ExpressionAttributeValues[':partition'] &&
        item.gsi1sk < input.ExpressionAttributeValues[':below'],
    ),
  }));
  answerReads((pk, sk) => {
    if (pk === broken.pk && sk === broken.sk)
      throw Object.assign(new Error('throttled'), {
        name: 'ProvisionedThroughputExceededException',
      });
    return structuredClone(live.get(`${pk}|${sk}`));
  });
  return live;
}

beforeEach(() => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('the daily run', () => {
  it('takes what is due from the byDue index and goes on past an item that fails', async () => {
    const items = table([broken, amended]);
    const outcomes = await runDueTimers(NOW);

    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'byDue',
      ExpressionAttributeValues: { ':partition': 'TIMER', ':below': `${NOW.toISOString()}~` },
    });
    expect(outcomes).toEqual([
      {
        item: `${broken.pk}/${broken.sk}`,
        action: 'failed',
        error: 'ProvisionedThroughputExceededException',
      },
      { item: `${amended.pk}/${amended.sk}`, action: 'handed-over' },
    ]);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-b' });
    // Handed over to the token it still holds: marked, and its timer gone.
    const request = items.get(at(amended))!;
    expect(request).toMatchObject({ taskToken: 'token-b', resumedAt: NOW.toISOString() });
    expect(request).not.toHaveProperty('timerStage');
    expect(request).not.toHaveProperty('gsi1sk');
    // The failed item keeps its timer for the next run.
    expect(items.get(at(broken))).toEqual(broken);
  });

  it('keeps the timer of an answer whose task was taken over by a new attempt meanwhile', async () => {
    const items = table([amended]);
    sfn.on(SendTaskSuccessCommand).callsFake(() => {
      // The next attempt of the task takes the item over while the answer goes to the old one.
      items.set(at(amended), { ...items.get(at(amended))!, taskToken: 'token-b2' });
      return {};
    });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${amended.pk}/${amended.sk}`, action: 'handed-over' },
    ]);
    const request = items.get(at(amended))!;
    expect(request).toMatchObject({ taskToken: 'token-b2', timerStage: 'resume' });
    expect(request.gsi1sk).toBe(amended.gsi1sk);
    expect(request).not.toHaveProperty('resumedAt');
  });

  it('fails its invocation after the whole run when an item failed, so Lambda retries it', async () => {
    table([broken, amended]);
    vi.useFakeTimers({ toFake: ['Date'], now: NOW }); // the handler runs at the clock's now
    try {
      await expect(handler({})).rejects.toBeInstanceOf(DailyRunIncompleteError);
    } finally {
      vi.useRealTimers();
    }
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });
});

describe('an application whose workflow never started', () => {
  const stranded = {
    pk: 'APP#AN-2026-CCCCCCCC',
    sk: 'APPLICATION',
    applicationId: 'AN-2026-CCCCCCCC',
    programme: 'alis-nord',
    status: 'SUBMITTED',
    timerStage: 'start',
    gsi1pk: 'TIMER',
    gsi1sk: '2026-12-09T11:00:00.000Z#APP#AN-2026-CCCCCCCC#APPLICATION',
  };

  it('gets its review started by the daily run, and its timer cleared', async () => {
    const items = table([stranded]);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${stranded.pk}/APPLICATION`, action: 'review-started' },
    ]);

    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: 'AN-2026-CCCCCCCC' });
    const { timerStage, gsi1pk, gsi1sk, ...untimed } = stranded;
    expect(items.get(at(stranded))).toEqual(untimed);
  });

  it('keeps a start timer set again while it started the execution', async () => {
    const items = table([stranded]);
    const later = '2026-12-10T05:00:01.000Z#APP#AN-2026-CCCCCCCC#APPLICATION';
    sfn.on(StartExecutionCommand).callsFake(() => {
      // A resume claimed meanwhile sets a start timer of its own, for an execution yet to start.
      items.set(at(stranded), { ...stranded, executionResumes: 1, gsi1sk: later });
      return { executionArn: 'arn' };
    });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${stranded.pk}/APPLICATION`, action: 'review-started' },
    ]);
    expect(items.get(at(stranded))).toMatchObject({ timerStage: 'start', gsi1sk: later });
  });
});

describe('dispatch by item kind', () => {
  it('skips an item whose timer moved after the index was read (the stale-timer guard)', async () => {
    const items = table([amended]);
    dynamo.on(QueryCommand).resolves({ Items: [{ ...amended, gsi1sk: `${amended.gsi1sk}-old` }] });
    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${amended.pk}/${amended.sk}`, action: 'skipped' },
    ]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(items.get(at(amended))).toEqual(amended);
  });

  it('reports an item of a kind without a timer handler as failed, and goes on', async () => {
    const notice = {
      pk: 'APP#AN-2026-DDDDDDDD',
      sk: 'SOMETHING#NEW',
      gsi1pk: 'TIMER',
      gsi1sk: '2026-12-09T00:00:00.000Z#z',
    };
    table([notice, amended]);
    const outcomes = await runDueTimers(NOW);
    expect(outcomes).toEqual([
      { item: `${notice.pk}/${notice.sk}`, action: 'failed', error: 'UnknownTimerError' },
      { item: `${amended.pk}/${amended.sk}`, action: 'handed-over' },
    ]);
  });
});
