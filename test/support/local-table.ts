// Writes straight into a running local stack's table, for records no route writes yet: a contact
// address confirmed or blocked for a programme (the lead's block-contact action is still to come).

import { DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { accessKeyOf } from '../../infra/local/dynamodb.js';
import { addressHashOf } from '../../shared/services/contacts.js';
import type { LocalStack } from './local-stack.js';

export async function seedContact(
  stack: Pick<LocalStack, 'output' | 'dir'>,
  programme: string,
  email: string,
  state: { confirmed?: boolean; blocked?: boolean },
): Promise<void> {
  const endpoint = /DynamoDB Local\s+(http:\/\/\S+)/.exec(stack.output())?.[1];
  if (!endpoint) throw new Error('The local stack did not print its DynamoDB endpoint');
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    // The stack's own key: in a DynamoDB Local shared by test files it names the stack's database.
    credentials: { accessKeyId: accessKeyOf(stack.dir), secretAccessKey: 'local' },
  });
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
