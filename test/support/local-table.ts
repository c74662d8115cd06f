// Writes straight into a running local stack's table, for records no route writes yet: a contact
// address confirmed or blocked for a programme (the lead's block-contact action is still to come).
// And reads a record no route shows: a round's capacity counter; and the whole table, to search it.

import {
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accessKeyOf } from '../../infra/local/dynamodb.js';
import { addressHashOf } from '../../shared/services/contacts.js';
import type { LocalStack } from './local-stack.js';

function clientOf(stack: Pick<LocalStack, 'output' | 'dir'>): DynamoDBClient {
  const endpoint = /DynamoDB Local\s+(http:\/\/\S+)/.exec(stack.output())?.[1];
  if (!endpoint) throw new Error('The local stack did not print its DynamoDB endpoint');
  return new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    // The stack's own key: in a DynamoDB Local shared by test files it names the stack's database.
    credentials: { accessKeyId: accessKeyOf(stack.dir), secretAccessKey: 'local' },
  });
}

/** A number attribute of one item of the stack's table; undefined without the item. */
export async function readNumber(
  stack: Pick<LocalStack, 'output' | 'dir'>,
  key: { pk: string; sk: string },
  attribute: string,
): Promise<number | undefined> {
  const client = clientOf(stack);
  try {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: TableNames![0]!,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        ConsistentRead: true,
      }),
    );
    const value = Item?.[attribute]?.N;
    return value === undefined ? undefined : Number(value);
  } finally {
    client.destroy();
  }
}

export async function seedContact(
  stack: Pick<LocalStack, 'output' | 'dir'>,
  programme: string,
  email: string,
  state: { confirmed?: boolean; blocked?: boolean },
): Promise<void> {
  const client = clientOf(stack);
  try {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    await client.send(
      new PutItemCommand({
        TableName: TableNames![0]!,
        Item: {
          pk: { S: `CONTACT#${programme}#${addressHashOf(email)}` },
          sk: { S: 'CONTACT' },
          programme: { S: programme },
          ...(state.confirmed && { confirmedAt: { S: new Date().toISOString() } }),
          ...(state.blocked && { blocked: { BOOL: true } }),
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** Every item of the stack's table, as the document client reads them (the test may scan). */
export async function scanTable(
  stack: Pick<LocalStack, 'output' | 'dir'>,
): Promise<Record<string, unknown>[]> {
  const client = clientOf(stack);
  const documents = DynamoDBDocumentClient.from(client);
  try {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: TableNames![0]!,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}

/**
 * Sets a programme's retention of personal data in its stored settings, as the office's
 * configuration would (no page changes it yet). The settings must have been seeded (any page read).
 */
export async function setRetentionYears(
  stack: Pick<LocalStack, 'output' | 'dir'>,
  programme: string,
  years: number,
): Promise<void> {
  const client = clientOf(stack);
  const documents = DynamoDBDocumentClient.from(client);
  try {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    await documents.send(
      new UpdateCommand({
        TableName: TableNames![0]!,
        Key: { pk: `SETTINGS#${programme}`, sk: 'SETTINGS' },
        UpdateExpression: 'SET settings.privacy.retentionYears = :years',
        ConditionExpression: 'attribute_exists(settings.privacy)',
        ExpressionAttributeValues: { ':years': years },
      }),
    );
  } finally {
    client.destroy();
  }
}
