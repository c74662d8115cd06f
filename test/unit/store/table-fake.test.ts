// The table fake itself: it models the forms the store builds, as DynamoDB evaluates them, and
// refuses every other form by name instead of letting it pass.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTable, unmodelledMet } from '../../support/table-fake.js';

const KEY = { pk: 'A', sk: 'B' };
// A document client of its own: the fake mocks every one, as it does the store's.
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const updateWith = async (
  condition: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
) =>
  documentClient.send(
    new UpdateCommand({
      TableName: 't',
      Key: KEY,
      UpdateExpression: 'SET touched = :touched',
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':touched': true, ...values },
      ...(names && { ExpressionAttributeNames: names }),
    }),
  );

// These tests meet unmodelled forms on purpose; the unit setup must not fail them for it.
afterEach(() => {
  unmodelledMet().splice(0);
});

describe('conditions', () => {
  it.each([
    ['#s IN (:a, :b)', { status: 'HELD' }, true],
    ['#s IN (:a, :b)', { status: 'PAID' }, false],
    ['#s = :a AND n <= :n', { status: 'SCHEDULED', n: 3 }, true],
    ['#s = :a AND n <= :n', { status: 'SCHEDULED', n: 4 }, false],
    ['attribute_not_exists(n) OR n < :n', {}, true],
    ['attribute_not_exists(n) OR n < :n', { n: 3 }, false],
    ['#s = :b OR (#s = :a AND n > :n)', { status: 'SCHEDULED', n: 4 }, true],
    ['#s = :b OR (#s = :a AND n > :n)', { status: 'SCHEDULED', n: 3 }, false],
    ['NOT attribute_exists(n)', { n: 1 }, false],
    ['d < :d', { d: '2026-01-01' }, true],
    ['d < :d', { d: '2026-03-01' }, false],
    // A different type, or a missing attribute, makes a comparison false, as in DynamoDB.
    ['n = :n', { n: '3' }, false],
    ['n >= :n', {}, false],
  ])('%s on %j: %s', async (condition, item, holds) => {
    fakeTable([{ ...KEY, ...item }]);
    const values = Object.fromEntries(
      [
        [':a', 'SCHEDULED'],
        [':b', 'HELD'],
        [':n', 3],
        [':d', '2026-02-01'],
      ].filter(([token]) => condition.includes(token as string)),
    );
    const names = condition.includes('#s') ? { '#s': 'status' } : undefined;
    const sent = updateWith(condition, values, names);
    if (holds) await expect(sent).resolves.toBeDefined();
    else await expect(sent).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it.each([
    ['size(n) > :n', 'the function size'],
    ['begins_with(n, :n)', 'the function begins_with'],
    ['n <> :n', 'the comparator "<>"'],
    ['n BETWEEN :n AND :n', 'the comparator "BETWEEN"'],
    ['m.n = :n', 'a nested path'],
    ['#missing = :n', 'the name #missing'],
    ['n = :other', 'the value :other'],
  ])('refuses %s, naming %s', async (condition, named) => {
    fakeTable([{ ...KEY, n: 3 }]);
    await expect(updateWith(condition, { ':n': 3 })).rejects.toThrow(named);
  });
});

describe('updates', () => {
  it('adds to a missing counter from its default, appends to a missing list, sets and removes', async () => {
    const table = fakeTable([{ ...KEY, gone: 1 }]);
    await documentClient.send(
      new UpdateCommand({
        TableName: 't',
        Key: KEY,
        UpdateExpression:
          'SET n = if_not_exists(n, :zero) + :one, #l = list_append(if_not_exists(#l, :empty), :more), v = :v REMOVE gone',
        ExpressionAttributeNames: { '#l': 'list' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':empty': [],
          ':more': ['x'],
          ':v': 'w',
        },
      }),
    );
    expect(table.get('A|B')).toEqual({ ...KEY, n: 1, list: ['x'], v: 'w' });
  });

  it.each([
    ['ADD n :one', 'the clause ADD'],
    ['SET n = :one, n = :one', 'two actions on n'],
    ['SET pk = :one', 'an update of the key attribute pk'],
    ['SET n = size(m)', 'the function size'],
  ])('refuses %s, naming %s', async (expression, named) => {
    fakeTable([{ ...KEY }]);
    await expect(
      documentClient.send(
        new UpdateCommand({
          TableName: 't',
          Key: KEY,
          UpdateExpression: expression,
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
    ).rejects.toThrow(named);
  });

  it('refuses names and values the expressions do not use, as DynamoDB does', async () => {
    fakeTable([{ ...KEY }]);
    await expect(
      documentClient.send(
        new UpdateCommand({
          TableName: 't',
          Key: KEY,
          UpdateExpression: 'SET n = :one',
          ExpressionAttributeValues: { ':one': 1, ':two': 2 },
        }),
      ),
    ).rejects.toThrow('unused expression attribute value :two');
  });
});

describe('keys and commands', () => {
  it('refuses a key that is not exactly pk and sk', async () => {
    fakeTable();
    await expect(
      documentClient.send(new PutCommand({ TableName: 't', Item: { pk: 'A', other: 1 } })),
    ).rejects.toThrow("the table's key is pk and sk");
    await expect(
      documentClient.send(
        new UpdateCommand({
          TableName: 't',
          Key: { ...KEY, extra: 'x' },
          UpdateExpression: 'SET n = :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
    ).rejects.toThrow('Update key');
  });

  it('refuses a query the test has not answered', async () => {
    fakeTable();
    await expect(
      documentClient.send(
        new QueryCommand({
          TableName: 't',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'A' },
        }),
      ),
    ).rejects.toThrow('does not model this command');
  });

  it('checks every part of a transaction it does not apply, and refuses two parts on one item', async () => {
    fakeTable();
    const put = { Put: { TableName: 't', Item: { ...KEY } } };
    await expect(
      documentClient.send(new TransactWriteCommand({ TransactItems: [put, put] })),
    ).rejects.toThrow('multiple operations on one item');
    await expect(
      documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: 't',
                Item: { ...KEY },
                ConditionExpression: 'contains(n, :n)',
                ExpressionAttributeValues: { ':n': 1 },
              },
            },
          ],
        }),
      ),
    ).rejects.toThrow('the function contains');
  });

  it('records what it refused, so that code which catches the error cannot hide it', async () => {
    fakeTable();
    await updateWith('size(n) > :n', { ':n': 1 }).catch(() => {});
    expect(unmodelledMet()).toEqual([expect.stringContaining('the function size')]);
  });
});
