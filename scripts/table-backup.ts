// Exports the table to a file and imports such a file into an empty table: the restore procedure
// tried on the local stack (docs/operations.md, "Restoring from backup"), and a way to move the
// data of a stage to a new table.
//   npm run table-backup -- export <file>
//   npm run table-backup -- import <file>
// The file holds one line per item, `{"Item": {...}}` in DynamoDB JSON: the format of DynamoDB's
// own export to S3, which its import from S3 reads too. Reads TABLE_NAME (without it, the one
// table at the endpoint), AWS credentials and region; for the local stack also
// AWS_ENDPOINT_URL_DYNAMODB (the stack prints it as "DynamoDB Local").

import * as fs from 'node:fs';
import * as readline from 'node:readline';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  ListTablesCommand,
  paginateScan,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

const BATCH = 25;
const USAGE = 'usage: npm run table-backup -- export <file> | import <file>';

async function tableName(client: DynamoDBClient): Promise<string> {
  if (process.env.TABLE_NAME) return process.env.TABLE_NAME;
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (TableNames.length !== 1) {
    throw new Error(
      `Set TABLE_NAME (the stack's TableName output): the endpoint has ${TableNames.length} tables`,
    );
  }
  return TableNames[0]!;
}

export async function exportTable(client: DynamoDBClient, table: string, file: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' });
  let count = 0;
  try {
    // A strongly consistent scan; every write made before it began is in the file.
    for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) {
        if (!out.write(`${JSON.stringify({ Item: item })}\n`)) {
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
        count++;
      }
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    // Renamed only when complete: a file of that name is never half an export.
    fs.renameSync(tmp, file);
  } catch (error) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return count;
}

export async function importTable(client: DynamoDBClient, table: string, file: string) {
  // Into an empty table only: a restore never mixes with data written since.
  const probe = await client.send(new ScanCommand({ TableName: table, Limit: 1 }));
  if ((probe.Items ?? []).length > 0) {
    throw new Error(`${table} is not empty: import into a new, empty table`);
  }
  let count = 0;
  let batch: WriteRequest[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8') });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { Item } = JSON.parse(line) as { Item?: Item };
    if (!Item) throw new Error(`${file}: a line without "Item" (line ${count + 1})`);
    batch.push({ PutRequest: { Item } });
    count++;
    if (batch.length === BATCH) {
      await writeBatch(client, table, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await writeBatch(client, table, batch);
  return count;
}

/** Puts are idempotent, so what DynamoDB leaves unprocessed is simply sent again, with a pause. */
async function writeBatch(client: DynamoDBClient, table: string, requests: WriteRequest[]) {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
    if (attempt > 10) throw new Error(`${table}: writes stayed unprocessed after ${attempt} tries`);
    const result = await client.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
    );
    pending = result.UnprocessedItems?.[table] ?? [];
  }
}

async function main([command, file]: string[]): Promise<number> {
  if (!file || (command !== 'export' && command !== 'import')) {
    console.error(USAGE);
    return 2;
  }
  const client = new DynamoDBClient({});
  try {
    const table = await tableName(client);
    if (command === 'export') {
      const count = await exportTable(client, table, file);
      console.log(`Exported ${count} items of ${table} to ${file}`);
    } else {
      const count = await importTable(client, table, file);
      console.log(`Imported ${count} items from ${file} into ${table}`);
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    return 1;
  } finally {
    client.destroy();
  }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
