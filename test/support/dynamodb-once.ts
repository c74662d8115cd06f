// Part of the integration and browser projects' global setup (stacks-once.ts): one DynamoDB Local
// for all their files. Java's start costs seconds of CPU, and a local stack used to start its own
// for every test file and restart. Here each stack keeps its tables in this one under an access key
// of its own (DynamoDB Local without shared-DB mode keeps a database per key), so files stay apart
// as before. The tables live in memory: they last as long as the run, which is all a test needs.
// The stacks find it through ALIS_LOCAL_SHARED_DYNAMODB (infra/local/main.ts).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDynamoDb } from '../../infra/local/dynamodb.js';

export const SHARED_DYNAMODB_VARIABLE = 'ALIS_LOCAL_SHARED_DYNAMODB';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-dynamodb-'));
  const dynamo = await startDynamoDb({ dir, sharedDb: false, inMemory: true });
  // The test workers, and the stacks they start, inherit this process's environment.
  process.env[SHARED_DYNAMODB_VARIABLE] = dynamo.endpoint;
  return async () => {
    delete process.env[SHARED_DYNAMODB_VARIABLE];
    await dynamo.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
