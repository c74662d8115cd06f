// The restore procedure, tried once locally (docs/operations.md, "Restoring from backup"): the
// table of a stack that has taken an application is exported to a file and imported into a fresh
// stack, which then carries on: the application's status link works there, and it takes new
// applications. Two stacks, one after the other: the second must start empty.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { accessKeyOf } from '../../infra/local/dynamodb.js';
import { dynamoEndpoint } from '../bench/stack.js';
import { eventually, FIXTURES, statusOf, submit } from '../support/api.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-restore-'));
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** `npm run table-backup -- <command> <file>` against a local stack's DynamoDB Local. */
function tableBackup(of: LocalStack, command: 'export' | 'import', file: string) {
  return execFileAsync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'scripts', 'table-backup.ts'), command, file],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(of),
        AWS_REGION: 'eu-north-1',
        // The stack's own database in the DynamoDB Local the test files share.
        AWS_ACCESS_KEY_ID: accessKeyOf(of.dir),
        AWS_SECRET_ACCESS_KEY: 'local',
      },
    },
  );
}

test('export, a fresh stack, import: the status link works and the stack carries on', async () => {
  const file = path.join(work, 'table.jsonl');

  stack = await startLocalStack({ fresh: true });
  const first = await submit(stack.baseUrl, FIXTURES['alis-nord']);
  expect(first.status).toBe(201);
  const { applicationId, statusUrl } = first.body as { applicationId: string; statusUrl: string };
  // In review, with the reviewers mailed: nothing moves until a reviewer answers.
  const before = await eventually(async () => {
    const status = await statusOf(statusUrl);
    return status.status === 'IN_REVIEW' && status;
  }, 'the application in review');

  const exported = await tableBackup(stack, 'export', file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(exported.stdout).toContain(`Exported ${lines.length} items`);
  // DynamoDB's own export format: one {"Item": …} per line.
  expect(JSON.parse(lines[0]!)).toEqual({ Item: expect.any(Object) });
  await stack.stop();

  stack = await startLocalStack({ fresh: true });
  const link = new URL(new URL(statusUrl).pathname, stack.baseUrl).href;
  expect((await fetch(link)).status).toBe(404);

  const imported = await tableBackup(stack, 'import', file);
  expect(imported.stdout).toContain(`Imported ${lines.length} items`);
  const after = await statusOf(link);
  expect(after).toMatchObject({ applicationId, status: before.status });
  expect(after.history).toEqual(before.history);

  // The restored stack takes new applications; a second import into it is refused.
  const next = await submit(stack.baseUrl, FIXTURES['alis-vest']);
  expect(next.status).toBe(201);
  await expect(tableBackup(stack, 'import', file)).rejects.toThrow(/not empty/);
});
