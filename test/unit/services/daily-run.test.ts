// The daily run against a mocked table: one failing item does not stop the others.

import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/daily-run/handler.js';
import { DailyRunIncompleteError } from '../../../shared/errors.js';
import { runDueTimers } from '../../../shared/services/daily-run.js';
import { dynamo } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const NOW = new Date('2026-12-10T05:00:00Z');

const broken = {
  pk: 'APP#AN-2026-AAAAAAAA',
  sk: 'REVIEW#001',
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
  gsi1sk: '2026-12-09T10:00:00.000Z#y',
};

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  dynamo.on(QueryCommand).resolves({ Items: [broken, amended] });
  dynamo
    .on(GetCommand, { Key: { pk: broken.pk, sk: broken.sk } })
    .rejects(
      Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }),
    );
  dynamo.on(GetCommand, { Key: { pk: amended.pk, sk: amended.sk } }).resolves({ Item: amended });
  dynamo.on(UpdateCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('the daily run', () => {
  it('takes what is due from the byDue index and goes on past an item that fails', async () => {
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
  });

  it('fails its invocation after the whole run when an item failed, so Lambda retries it', async () => {
    await expect(handler({})).rejects.toBeInstanceOf(DailyRunIncompleteError);
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
    dynamo.on(QueryCommand).resolves({ Items: [stranded] });
    dynamo
      .on(GetCommand, { Key: { pk: stranded.pk, sk: stranded.sk } })
      .resolves({ Item: stranded });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });

    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${stranded.pk}/APPLICATION`, action: 'review-started' },
    ]);

    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: 'AN-2026-CCCCCCCC' });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: stranded.pk, sk: 'APPLICATION' },
      UpdateExpression: 'REMOVE #r0, #r1, #r2',
    });
  });
});

describe('dispatch by item kind', () => {
  it('skips an item whose timer moved after the index was read (the stale-timer guard)', async () => {
    const indexed = { ...amended, gsi1sk: '2026-12-09T10:00:00.000Z#old' };
    dynamo.on(QueryCommand).resolves({ Items: [indexed] });
    await expect(runDueTimers(NOW)).resolves.toEqual([
      { item: `${amended.pk}/${amended.sk}`, action: 'skipped' },
    ]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('reports an item of a kind without a timer handler as failed, and goes on', async () => {
    const notice = { pk: 'APP#AN-2026-DDDDDDDD', sk: 'SOMETHING#NEW', gsi1sk: 'x' };
    dynamo.on(QueryCommand).resolves({ Items: [notice, amended] });
    const outcomes = await runDueTimers(NOW);
    expect(outcomes).toEqual([
      { item: `${notice.pk}/${notice.sk}`, action: 'failed', error: 'UnknownTimerError' },
      { item: `${amended.pk}/${amended.sk}`, action: 'handed-over' },
    ]);
  });
});
