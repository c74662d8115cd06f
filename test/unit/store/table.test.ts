// The table helpers: transactions that name the part that refused, and update expressions built
// from plain lists.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getItems, transact, updateParams } from '../../../shared/store/table.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const PARTS = {
  round: { Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } },
  link: { Put: { TableName: 't', Item: { pk: 'c', sk: 'd' } } },
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => {
  dynamo.reset();
  // The back-off between attempts waits on timers: faked, so the retries run at once.
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A call that may back off between attempts, with its timers run. */
async function withTimers<T>(call: Promise<T>): Promise<T> {
  call.catch(() => {}); // observed below; not an unhandled rejection meanwhile
  await vi.runAllTimersAsync();
  return call;
}

describe('transact', () => {
  it('answers the names of the parts that refused their condition', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(withTimers(transact(PARTS))).resolves.toEqual({ ok: false, failed: ['link'] });
  });

  it('leaves absent parts out, and still names the right one', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const result = await transact({
      round: PARTS.round,
      roundCapacity: undefined,
      link: PARTS.link,
    });
    expect(result).toEqual({ ok: false, failed: ['link'] });
    expect(dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toEqual([
      PARTS.round,
      PARTS.link,
    ]);
  });

  it('retries a conflict with another transaction, then meets the conditions it left', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(withTimers(transact(PARTS))).resolves.toEqual({ ok: false, failed: ['round'] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('commits after a passing conflict', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    await expect(withTimers(transact(PARTS))).resolves.toEqual({ ok: true });
  });

  it('gives up on a conflict that does not pass, and on other failures at once', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    await expect(withTimers(transact(PARTS))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);

    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('ValidationError', 'None'));
    await expect(withTimers(transact(PARTS))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('getItems', () => {
  const key = (pk: string) => ({ pk, sk: 'S' });

  it('answers in the order asked, undefined where there is no item, asking once for a repeated key', async () => {
    dynamo.on(BatchGetCommand).callsFake((input) => ({
      Responses: {
        [Object.keys(input.RequestItems)[0]!]: [
          { ...key('c'), v: 3 },
          { ...key('a'), v: 1 },
        ],
      },
    }));
    await expect(withTimers(getItems([key('a'), key('b'), key('c'), key('a')]))).resolves.toEqual([
      { ...key('a'), v: 1 },
      undefined,
      { ...key('c'), v: 3 },
      { ...key('a'), v: 1 },
    ]);
    const asked = Object.values(
      dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!,
    )[0]!;
    expect(asked).toMatchObject({ Keys: [key('a'), key('b'), key('c')], ConsistentRead: true });
  });

  it('asks again for the keys the service left unprocessed', async () => {
    dynamo
      .on(BatchGetCommand)
      .callsFakeOnce((input) => {
        const table = Object.keys(input.RequestItems)[0]!;
        return {
          Responses: { [table]: [key('a')] },
          UnprocessedKeys: { [table]: { Keys: [key('b')] } },
        };
      })
      .callsFake((input) => ({ Responses: { [Object.keys(input.RequestItems)[0]!]: [key('b')] } }));
    await expect(withTimers(getItems([key('a'), key('b')]))).resolves.toEqual([key('a'), key('b')]);
    const second = dynamo.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems!;
    expect(Object.values(second)[0]!.Keys).toEqual([key('b')]);
  });

  it('gives up when keys stay unprocessed', async () => {
    dynamo.on(BatchGetCommand).callsFake((input) => {
      const table = Object.keys(input.RequestItems)[0]!;
      return { Responses: { [table]: [] }, UnprocessedKeys: { [table]: { Keys: [key('a')] } } };
    });
    await expect(withTimers(getItems([key('a')]))).rejects.toThrow(/unprocessed/);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(5);
  });
});

describe('updateParams', () => {
  it('names every attribute, so reserved words such as "status" are safe', () => {
    const params = updateParams({
      key: { pk: 'APP#1', sk: 'APPLICATION' },
      set: { status: 'IN_REVIEW', updatedAt: 'now' },
      remove: ['gsi1pk'],
      condition: 'reviewRound = :previous',
      values: { ':previous': 0 },
    });
    expect(params).toMatchObject({
      Key: { pk: 'APP#1', sk: 'APPLICATION' },
      UpdateExpression: 'SET #s0 = :s0, #s1 = :s1 REMOVE #r0',
      ConditionExpression: 'reviewRound = :previous',
      ExpressionAttributeNames: { '#s0': 'status', '#s1': 'updatedAt', '#r0': 'gsi1pk' },
      ExpressionAttributeValues: { ':s0': 'IN_REVIEW', ':s1': 'now', ':previous': 0 },
    });
  });

  it('leaves out values and the condition when there are none', () => {
    const params = updateParams({ key: { pk: 'a', sk: 'b' }, remove: ['x'] });
    expect(params.UpdateExpression).toBe('REMOVE #r0');
    expect(params).not.toHaveProperty('ExpressionAttributeValues');
    expect(params).not.toHaveProperty('ConditionExpression');
  });
});
