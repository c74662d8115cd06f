// Cost per application in AWS, from submission through approval (payments extend it when they
// exist): what a local run used, counted by the local stack (GET /_local/usage), priced with AWS's
// on-demand prices for eu-north-1.

import { linksIn, mail, postForm } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { submissionBody } from './applications.js';
import { usage, type Usage } from './stack.js';

/**
 * AWS on-demand prices, USD, eu-north-1 (Stockholm), as the lead is to check them against the
 * pricing pages before quoting: this machine cannot reach them.
 */
export const PRICES = {
  region: 'eu-north-1',
  noted: '2026-12-01',
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  stepFunctionsPerThousandTransitions: 0.025,
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  sesPerThousandEmails: 0.1,
  schedulerPerMillionInvocations: 1.0,
  httpApiPerMillionRequests: 1.0,
} as const;

/**
 * Request units per DynamoDB call, estimated from the operation: the project's items are under
 * 4 KB (one read unit strongly consistent, half eventually) and 1–3 KB written (2 write units
 * taken for each item written; a transaction doubles). The local engine does not report what
 * AWS would bill, so these are upper estimates, per call.
 */
const UNITS: Record<string, { read: number; write: number }> = {
  GetItem: { read: 1, write: 0 },
  Query: { read: 1, write: 0 },
  TransactGetItems: { read: 4, write: 0 },
  PutItem: { read: 0, write: 2 },
  UpdateItem: { read: 0, write: 2 },
  DeleteItem: { read: 0, write: 1 },
  // A transaction of ~3 items, each written with 2 units, doubled.
  TransactWriteItems: { read: 0, write: 12 },
};

export interface CostPerApplication {
  applications: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  stateTransitions: number;
  dynamoDbCalls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  emails: number;
  httpRequests: number;
  usd: Record<string, number>;
  totalUsd: number;
}

function delta(after: Usage, before: Usage, count: number) {
  const ops: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.dynamodb.operations))
    ops[op] = (n - (before.dynamodb.operations[op] ?? 0)) / count;
  const invocations = (u: Usage) => Object.values(u.lambda.invocations).reduce((a, b) => a + b, 0);
  return {
    lambdaInvocations: (invocations(after) - invocations(before)) / count,
    lambdaGbSeconds: (after.lambda.gbSeconds - before.lambda.gbSeconds) / count,
    stateTransitions: (after.stateTransitions - before.stateTransitions) / count,
    emails: (after.emails - before.emails) / count,
    schedules: (after.scheduleInvocations - before.scheduleInvocations) / count,
    ops,
  };
}

/** Submits `count` applications, approves each through its first reviewer's link, and prices it. */
export async function costPerApplication(
  stack: LocalStack,
  count: number,
): Promise<CostPerApplication> {
  const before = await usage(stack);
  const ids: string[] = [];
  let httpRequests = 0;
  for (let n = 0; n < count; n++) {
    const response = await fetch(`${stack.baseUrl}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `cost-${n}-${Date.now()}` },
      body: submissionBody(n * 7, 'cost'),
    });
    httpRequests++;
    if (response.status !== 201) throw new Error(`Submission answered ${response.status}`);
    ids.push(((await response.json()) as { applicationId: string }).applicationId);
  }
  const sent = await mail(stack.baseUrl);
  for (const id of ids) {
    // The first reviewer's request: one decision approves.
    const request = sent.find((m) => m.text.includes(id) && linksIn(m, 'decisions').length > 0);
    const link = request && linksIn(request, 'decisions')[0];
    if (!link) throw new Error(`No decision link for ${id}`);
    const page = await fetch(link);
    httpRequests++;
    if (page.status !== 200) throw new Error(`Decision page answered ${page.status}`);
    const answer = await postForm(link, { decision: 'approve' });
    httpRequests++;
    if (answer.status !== 200) throw new Error(`Decision answered ${answer.status}`);
  }
  await mail(stack.baseUrl); // settles: the approval notices have gone out
  const after = await usage(stack);
  const d = delta(after, before, count);
  let readUnits = 0;
  let writeUnits = 0;
  for (const [op, n] of Object.entries(d.ops)) {
    readUnits += n * (UNITS[op]?.read ?? 1);
    writeUnits += n * (UNITS[op]?.write ?? 0);
  }
  const usd = {
    lambda:
      (d.lambdaInvocations * PRICES.lambdaPerMillionRequests) / 1e6 +
      d.lambdaGbSeconds * PRICES.lambdaPerGbSecond,
    stepFunctions: (d.stateTransitions * PRICES.stepFunctionsPerThousandTransitions) / 1e3,
    dynamoDb:
      (writeUnits * PRICES.dynamoDbPerMillionWriteUnits +
        readUnits * PRICES.dynamoDbPerMillionReadUnits) /
      1e6,
    ses: (d.emails * PRICES.sesPerThousandEmails) / 1e3,
    scheduler: (d.schedules * PRICES.schedulerPerMillionInvocations) / 1e6,
    httpApi: ((httpRequests / count) * PRICES.httpApiPerMillionRequests) / 1e6,
  };
  return {
    applications: count,
    lambdaInvocations: d.lambdaInvocations,
    lambdaGbSeconds: d.lambdaGbSeconds,
    stateTransitions: d.stateTransitions,
    dynamoDbCalls: d.ops,
    readUnits,
    writeUnits,
    emails: d.emails,
    httpRequests: httpRequests / count,
    usd,
    totalUsd: Object.values(usd).reduce((a, b) => a + b, 0),
  };
}
