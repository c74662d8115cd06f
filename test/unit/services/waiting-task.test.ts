// The one mechanism for items a workflow task waits on: taking over after a retried attempt, and
// handing the answer over exactly once, to the token that waits.

import { SFNClient, SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { WorkflowDataError } from '../../../shared/errors.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
} from '../../../shared/services/waiting-task.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const KEY = { pk: 'APP#AN-2026-AAAAAAAA', sk: 'THING#001' };
const NOW = new Date('2026-12-03T10:00:00Z');

interface Thing {
  applicationId: string;
  taskToken: string;
  resumedAt?: string;
  answer?: string;
}
const THINGS: WaitingTaskFamily<Thing> = {
  name: 'thing',
  answerOf: (thing) => (thing.answer ? { answer: thing.answer } : undefined),
};

function thing(overrides: FakeItem = {}): FakeItem {
  return {
    ...KEY,
    applicationId: 'AN-2026-AAAAAAAA',
    taskToken: 'attempt-1',
    timerStage: 'resume',
    gsi1pk: 'TIMER',
    gsi1sk: `${NOW.toISOString()}#${KEY.pk}#${KEY.sk}`,
    ...overrides,
  };
}

beforeEach(() => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('takeOverTask', () => {
  it('moves the item to the new attempt and forgets that an earlier attempt was resumed', async () => {
    const table = fakeTable([thing({ resumedAt: NOW.toISOString() })]);
    const taken = await takeOverTask(THINGS, KEY, thing() as Thing, 'attempt-2');
    expect(taken.taskToken).toBe('attempt-2');
    expect(table.get(`${KEY.pk}|${KEY.sk}`)).not.toHaveProperty('resumedAt');
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'taskToken = :earlier',
      ExpressionAttributeValues: expect.objectContaining({ ':earlier': 'attempt-1' }),
    });
  });

  it('leaves an item that already holds this token alone', async () => {
    fakeTable([thing({ taskToken: 'attempt-2' })]);
    await takeOverTask(THINGS, KEY, thing({ taskToken: 'attempt-2' }) as Thing, 'attempt-2');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses when a third attempt took the item first', async () => {
    fakeTable([thing({ taskToken: 'attempt-3' })]);
    await expect(takeOverTask(THINGS, KEY, thing() as Thing, 'attempt-2')).rejects.toBeInstanceOf(
      WorkflowDataError,
    );
  });
});

describe('handOverAnswer', () => {
  it('hands the answer to the waiting token once, then drops the timer', async () => {
    const table = fakeTable([thing({ answer: 'yes' })]);
    await handOverAnswer(THINGS, KEY, NOW);
    await handOverAnswer(THINGS, KEY, NOW);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'attempt-1',
      output: JSON.stringify({ answer: 'yes' }),
    });
    const item = table.get(`${KEY.pk}|${KEY.sk}`)!;
    expect(item.resumedAt).toBe(NOW.toISOString());
    expect(item).not.toHaveProperty('gsi1sk');
  });

  it('hands nothing over while there is no answer', async () => {
    fakeTable([thing()]);
    await handOverAnswer(THINGS, KEY, NOW);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('does not mark a new attempt resumed when a take-over came between, so its timer stays', async () => {
    const table = fakeTable([thing({ answer: 'yes' })]);
    // The earlier attempt's token is dead: a retried attempt takes the item over meanwhile.
    sfn.on(SendTaskSuccessCommand).callsFake(() => {
      const current = table.get(`${KEY.pk}|${KEY.sk}`)!;
      table.set(`${KEY.pk}|${KEY.sk}`, { ...current, taskToken: 'attempt-2' });
      throw new TaskDoesNotExist({ message: 'gone', $metadata: {} });
    });

    await handOverAnswer(THINGS, KEY, NOW);

    const item = table.get(`${KEY.pk}|${KEY.sk}`)!;
    expect(item.taskToken).toBe('attempt-2');
    expect(item).not.toHaveProperty('resumedAt');
    expect(item.timerStage).toBe('resume');
    expect(item.gsi1pk).toBe('TIMER');
  });
});

describe('handOverOrLeaveToTimer', () => {
  it('swallows a Step Functions failure and leaves the timer for the daily run', async () => {
    const table = fakeTable([thing({ answer: 'yes' })]);
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('unreachable'), { name: 'ServiceUnavailable' }));

    await expect(handOverOrLeaveToTimer(THINGS, KEY, 'AN-2026-AAAAAAAA')).resolves.toBeUndefined();

    expect(table.get(`${KEY.pk}|${KEY.sk}`)).toMatchObject({ timerStage: 'resume' });
    expect(table.get(`${KEY.pk}|${KEY.sk}`)).not.toHaveProperty('resumedAt');
  });
});
