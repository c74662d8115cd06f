import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stopLeftoverDynamoDb } from '../../../infra/local/dynamodb.js';

describe('a DynamoDB Local left behind', () => {
  it('is stopped by its pid file, and only if it is DynamoDB Local on this data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-leftover-'));
    // Stand-ins whose command lines look like DynamoDB Local's: one on this data, one elsewhere.
    const stray = (dbPath: string) =>
      spawn(process.execPath, [
        '-e',
        'setInterval(() => {}, 1000)',
        'DynamoDBLocal.jar',
        '-dbPath',
        dbPath,
      ]);
    const ours = stray(path.join(dir, 'dynamodb'));
    const other = stray('/somewhere/else');
    const exited = new Promise((resolve) => ours.once('exit', (_code, signal) => resolve(signal)));
    try {
      fs.writeFileSync(path.join(dir, 'dynamodb.pid'), String(other.pid));
      stopLeftoverDynamoDb(dir);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(() => process.kill(other.pid!, 0)).not.toThrow(); // still running

      fs.writeFileSync(path.join(dir, 'dynamodb.pid'), String(ours.pid));
      stopLeftoverDynamoDb(dir);
      await expect(exited).resolves.toBe('SIGKILL');
      expect(fs.existsSync(path.join(dir, 'dynamodb.pid'))).toBe(false);
    } finally {
      ours.kill('SIGKILL');
      other.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
