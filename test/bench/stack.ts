// The local stack as the benchmarks use it: a child process (as `npm start`), its DynamoDB Local
// endpoint and table, its local clock and what it used.

import * as http from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { localNow } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';

export function dynamoEndpoint(stack: LocalStack): string {
  // The latest start's: the output runs on across restarts.
  const match = [...stack.output().matchAll(/DynamoDB Local\s+(http:\/\/\S+)/g)].at(-1);
  if (!match?.[1]) throw new Error('The local stack did not print its DynamoDB Local endpoint');
  return match[1];
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function tableName(endpoint: string): Promise<string> {
  const client = dynamoClient(endpoint);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (TableNames.length !== 1) throw new Error(`Expected one table, found ${TableNames.length}`);
    return TableNames[0]!;
  } finally {
    client.destroy();
  }
}

/** Moves the local clock to a minute past the next 06:00 Oslo time: one daily run fires. */
export async function nextMorning(stack: LocalStack): Promise<number> {
  const now = await localNow(stack.baseUrl);
  const next = new Date(now.getTime() + 86_400_000);
  // 05:01 UTC is 06:01 in Oslo in winter and 07:01 in summer; either is after the 06:00 run.
  next.setUTCHours(5, 1, 0, 0);
  if (next.getTime() - now.getTime() < 3_600_000) next.setTime(next.getTime() + 86_400_000);
  const started = performance.now();
  const result = await advance(stack.baseUrl, next);
  const failed = result.fired.filter((f) => f.error);
  if (failed.length) throw new Error(`Daily run failed: ${JSON.stringify(failed)}`);
  return performance.now() - started;
}

/**
 * POST /_local/advance over node:http: a large daily run answers after more than the 300 s that
 * fetch waits for response headers.
 */
function advance(baseUrl: string, to: Date): Promise<{ fired: { error?: string }[] }> {
  const body = JSON.stringify({ to: to.toISOString() });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}/_local/advance`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          if (response.statusCode !== 200) {
            reject(new Error(`POST /_local/advance: ${response.statusCode} ${text}`));
            return;
          }
          resolve(JSON.parse(text) as { fired: { error?: string }[] });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The stack process's resident memory now and at its peak, in MiB (Linux). */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const fs = await import('node:fs');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}

export async function usage(stack: LocalStack): Promise<Usage> {
  return (await (await fetch(`${stack.baseUrl}/_local/usage`)).json()) as Usage;
}

export interface Usage {
  lambda: { invocations: Record<string, number>; gbSeconds: number; timedOut: number };
  stateTransitions: number;
  dynamodb: { calls: number; operations: Record<string, number> };
  emails: number;
  scheduleInvocations: number;
  sfnApiCalls: number;
}
