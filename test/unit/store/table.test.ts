import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { transact } from '../../../shared/store/table.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const ITEMS = [
  { Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } },
  { Put: { TableName: 't', Item: { pk: 'c', sk: 'd' } } },
];

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => dynamo.reset());

describe('transact', () => {
  it('answers which items refused their condition', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(transact(ITEMS)).resolves.toEqual({ ok: false, failed: [1] });
  });

  it('retries a conflict with another transaction, then meets the conditions it left', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(transact(ITEMS)).resolves.toEqual({ ok: false, failed: [0] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('commits after a passing conflict', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    await expect(transact(ITEMS)).resolves.toEqual({ ok: true });
  });

  it('gives up on a conflict that does not pass, and on other failures at once', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    await expect(transact(ITEMS)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);

    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('ValidationError', 'None'));
    await expect(transact(ITEMS)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
