// Cost per application in AWS, from submission through the last payment of its grant: one
// ALIS-Nord application (five yearly instalments) driven through approval, the yearly
// confirmations, finance's notifications and the payments finance records, on the local clock.
// What it used is counted by the local stack (GET /_local/usage) and priced with AWS's on-demand
// prices for eu-north-1. The daily runs that fire across those five years are shared by every
// grant, so they are measured on their own (runs with nothing due) and taken out of the
// application's figures.

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

import { keys } from '../../shared/store/items.js';
import {
  FIXTURES,
  advance,
  eventually,
  executions,
  linksIn,
  localNow,
  mail,
  postForm,
  submit,
  type LocalMail,
} from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { median } from './load.js';
import { dynamoClient, usage, type Usage } from './stack.js';

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
  // A submission's three keys.
  BatchGetItem: { read: 3, write: 0 },
  Query: { read: 1, write: 0 },
  TransactGetItems: { read: 4, write: 0 },
  PutItem: { read: 0, write: 2 },
  UpdateItem: { read: 0, write: 2 },
  DeleteItem: { read: 0, write: 1 },
  // A transaction of ~3 items, each written with 2 units, doubled.
  TransactWriteItems: { read: 0, write: 12 },
};

/** Used resources, per application or per run, and their price. */
export interface Cost {
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  stateTransitions: number;
  dynamoDbCalls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  emails: number;
  scheduleInvocations: number;
  httpRequests: number;
  usd: Record<string, number>;
  totalUsd: number;
}

function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const invocations = (u: Usage) => Object.values(u.lambda.invocations).reduce((a, b) => a + b, 0);

/** What was used between two readings, divided by `count`, with `httpRequests` in all. */
function costBetween(before: Usage, after: Usage, count: number, httpRequests: number): Cost {
  const ops: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.dynamodb.operations)) {
    const used = n - (before.dynamodb.operations[op] ?? 0);
    if (used) ops[op] = used / count;
  }
  return priced({
    lambdaInvocations: (invocations(after) - invocations(before)) / count,
    lambdaGbSeconds: (after.lambda.gbSeconds - before.lambda.gbSeconds) / count,
    stateTransitions: (after.stateTransitions - before.stateTransitions) / count,
    dynamoDbCalls: ops,
    emails: (after.emails - before.emails) / count,
    scheduleInvocations: (after.scheduleInvocations - before.scheduleInvocations) / count,
    httpRequests: httpRequests / count,
  });
}

type Used = Omit<Cost, 'usd' | 'totalUsd' | 'readUnits' | 'writeUnits'>;

function priced(used: Used): Cost {
  let readUnits = 0;
  let writeUnits = 0;
  for (const [op, n] of Object.entries(used.dynamoDbCalls)) {
    readUnits += n * (UNITS[op]?.read ?? 1);
    writeUnits += n * (UNITS[op]?.write ?? 0);
  }
  const usd = {
    lambda:
      (used.lambdaInvocations * PRICES.lambdaPerMillionRequests) / 1e6 +
      used.lambdaGbSeconds * PRICES.lambdaPerGbSecond,
    stepFunctions: (used.stateTransitions * PRICES.stepFunctionsPerThousandTransitions) / 1e3,
    dynamoDb:
      (writeUnits * PRICES.dynamoDbPerMillionWriteUnits +
        readUnits * PRICES.dynamoDbPerMillionReadUnits) /
      1e6,
    ses: (used.emails * PRICES.sesPerThousandEmails) / 1e3,
    scheduler: (used.scheduleInvocations * PRICES.schedulerPerMillionInvocations) / 1e6,
    httpApi: (used.httpRequests * PRICES.httpApiPerMillionRequests) / 1e6,
  };
  const calls: Record<string, number> = {};
  for (const [op, n] of Object.entries(used.dynamoDbCalls)) calls[op] = round(n, 2);
  return {
    lambdaInvocations: round(used.lambdaInvocations, 2),
    lambdaGbSeconds: round(used.lambdaGbSeconds),
    stateTransitions: round(used.stateTransitions, 2),
    dynamoDbCalls: calls,
    readUnits: round(readUnits, 2),
    writeUnits: round(writeUnits, 2),
    emails: round(used.emails, 2),
    scheduleInvocations: round(used.scheduleInvocations, 2),
    httpRequests: round(used.httpRequests, 2),
    usd: Object.fromEntries(Object.entries(usd).map(([k, v]) => [k, round(v, 8)])),
    totalUsd: round(
      Object.values(usd).reduce((a, b) => a + b, 0),
      8,
    ),
  };
}

/** `a` less `times` × `b`, never below zero: the application's own, without the daily runs. */
function less(a: Cost, b: Cost, times: number): Cost {
  const minus = (x: number, y: number) => Math.max(0, x - times * y);
  const ops: Record<string, number> = {};
  for (const [op, n] of Object.entries(a.dynamoDbCalls)) {
    const left = minus(n, b.dynamoDbCalls[op] ?? 0);
    if (left) ops[op] = left;
  }
  return priced({
    lambdaInvocations: minus(a.lambdaInvocations, b.lambdaInvocations),
    lambdaGbSeconds: minus(a.lambdaGbSeconds, b.lambdaGbSeconds),
    stateTransitions: minus(a.stateTransitions, b.stateTransitions),
    dynamoDbCalls: ops,
    emails: minus(a.emails, b.emails),
    scheduleInvocations: minus(a.scheduleInvocations, b.scheduleInvocations),
    httpRequests: a.httpRequests,
  });
}

function scaledBy(c: Cost, factor: number): Cost {
  const ops: Record<string, number> = {};
  for (const [op, n] of Object.entries(c.dynamoDbCalls)) ops[op] = n * factor;
  return priced({
    lambdaInvocations: c.lambdaInvocations * factor,
    lambdaGbSeconds: c.lambdaGbSeconds * factor,
    stateTransitions: c.stateTransitions * factor,
    dynamoDbCalls: ops,
    emails: c.emails * factor,
    scheduleInvocations: c.scheduleInvocations * factor,
    httpRequests: c.httpRequests * factor,
  });
}

/** The median of each figure: a typical run, not one that met a rare write. */
function medianOf(costs: Cost[]): Cost {
  const of = (pick: (c: Cost) => number) => median(costs.map(pick));
  const ops: Record<string, number> = {};
  for (const op of new Set(costs.flatMap((c) => Object.keys(c.dynamoDbCalls)))) {
    const n = of((c) => c.dynamoDbCalls[op] ?? 0);
    if (n) ops[op] = n;
  }
  return priced({
    lambdaInvocations: of((c) => c.lambdaInvocations),
    lambdaGbSeconds: of((c) => c.lambdaGbSeconds),
    stateTransitions: of((c) => c.stateTransitions),
    dynamoDbCalls: ops,
    emails: of((c) => c.emails),
    scheduleInvocations: of((c) => c.scheduleInvocations),
    httpRequests: 0,
  });
}

/** Positions the programmes fund at once, over which the shared daily runs are spread. */
export const POSITIONS_SHARING_DAILY_RUNS = 47;

export interface CostThroughLastPayment {
  /** Submission through approval (the grant and its plan written). */
  throughApproval: Cost;
  /** Approval through the fifth payment, without the daily runs' own cost. */
  payments: Cost;
  /** The two together: one application, submission through its last payment. */
  application: Cost;
  /** One daily run with nothing due: the median of `emptyRuns` runs after the last payment. */
  dailyRun: Cost & { emptyRuns: number };
  /** The daily runs that fired from submission to the last payment, and what they cost. */
  dailyRuns: { count: number; cost: Cost };
  /** The application's share of those runs, spread over the positions funded at once. */
  dailyRunShare: { positions: number; cost: Cost };
  /** The application plus its share of the daily runs. */
  totalUsd: number;
  years: number;
  simulatedDays: number;
  wallSeconds: number;
}

/** Noon in Oslo on a calendar date, a few days on: after that day's 06:00 run, in any season. */
function noonOslo(date: string, days = 0): string {
  const day = new Date(`${date}T11:00:00Z`);
  return new Date(day.getTime() + days * 86_400_000).toISOString();
}

const FINANCE = 'okonomi@alis-nord.example.no';
const CONTINUING = { status: 'continuing', employmentModel: 'salaried', listSize: '650' };

/**
 * Drives one ALIS-Nord application from submission through its fifth payment, as the payment
 * integration test does, and prices it. `emptyRuns` daily runs with nothing due follow, to price
 * a daily run on its own. Use a fresh stack: other applications' work would count.
 */
export async function costThroughLastPayment(
  stack: LocalStack,
  endpoint: string,
  table: string,
  emptyRuns = 30,
): Promise<CostThroughLastPayment> {
  const started = performance.now();
  const client = dynamoClient(endpoint);
  let dailyRunsFired = 0;
  let http = 0;
  const moveTo = async (to: string) => {
    // The clock never goes back: a date already reached has had its runs.
    if (new Date(to) <= (await localNow(stack.baseUrl))) return 0;
    const result = await advance(stack.baseUrl, to);
    const failed = result.fired.filter((f) => f.error);
    if (failed.length) throw new Error(`Fired with errors: ${JSON.stringify(failed)}`);
    const runs = result.fired.filter((f) => f.schedule).length;
    dailyRunsFired += runs;
    return runs;
  };
  const instalment = async (applicationId: string, year: number) => {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: table,
        Key: {
          pk: { S: keys.instalment({ applicationId: applicationId, position: 1, year: year }).pk },
          sk: { S: keys.instalment({ applicationId: applicationId, position: 1, year: year }).sk },
        },
      }),
    );
    return Item ? (unmarshall(Item) as { dueDate: string; status: string }) : undefined;
  };
  const statusOf = (applicationId: string, year: number, status: string) =>
    eventually(async () => {
      const found = await instalment(applicationId, year);
      return found?.status === status ? found : undefined;
    }, `year ${year} of ${applicationId} ${status}`);
  const newMail = async (seen: number, match: (m: LocalMail) => boolean, what: string) =>
    eventually(async () => (await mail(stack.baseUrl)).slice(seen).find(match), what);

  try {
    const today = (await localNow(stack.baseUrl)).toISOString().slice(0, 10);

    // Submission through approval.
    const before = await usage(stack);
    const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
    body.municipality.municipalityNumber = '5601';
    body.contact.email = `kostnad-${Date.now()}@kommune.example.no`;
    const contact = body.contact.email as string;
    const submitted = await submit(stack.baseUrl, body);
    http++;
    if (submitted.status !== 201) throw new Error(`Submission answered ${submitted.status}`);
    const { applicationId } = submitted.body as { applicationId: string };
    const request = await newMail(
      0,
      (m) =>
        m.to.includes('fagrad1@alis-nord.example.no') &&
        m.text.includes(applicationId) &&
        linksIn(m, 'decisions').length > 0,
      'the review request',
    );
    const decision = linksIn(request, 'decisions')[0]!;
    http++;
    if ((await fetch(decision)).status !== 200) throw new Error('Decision page failed');
    http++;
    const decided = await postForm(decision, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`Decision answered ${decided.status}`);
    const first = await statusOf(applicationId, 1, 'SCHEDULED');
    await mail(stack.baseUrl); // settled: the approval notice has gone out
    const approved = await usage(stack);
    const throughApproval = costBetween(before, approved, 1, http);
    const httpAtApproval = http;

    // Five years: confirmations (years 2+), finance's notifications, payments.
    const pay = async (year: number, due: string) => {
      await moveTo(noonOslo(due));
      await mail(stack.baseUrl); // settled
      // A payment started by the due date's own run is put to finance by the next day's.
      if ((await instalment(applicationId, year))?.status !== 'NOTIFIED')
        await moveTo(noonOslo(due, 1));
      await statusOf(applicationId, year, 'NOTIFIED');
      const notification = (await mail(stack.baseUrl))
        .filter(
          (m) =>
            m.to.includes(FINANCE) && linksIn(m, 'payments').length > 0 && m.attachments.length > 0,
        )
        .at(-1);
      if (!notification) throw new Error(`No finance notification for year ${year}`);
      const link = linksIn(notification, 'payments')[0]!;
      http++;
      if ((await fetch(link)).status !== 200) throw new Error('Payment page failed');
      http++;
      const paid = await postForm(link, { paidOn: due });
      if (paid.status !== 200) throw new Error(`Payment of year ${year} answered ${paid.status}`);
      await statusOf(applicationId, year, 'PAID');
    };
    // Year 1: the first daily run starts its payment; finance is told on the due date.
    await moveTo(noonOslo(today, 1));
    await pay(1, first.dueDate);
    for (let year = 2; year <= 5; year++) {
      const { dueDate } = (await instalment(applicationId, year))!;
      const seen = (await mail(stack.baseUrl)).length;
      await moveTo(noonOslo(dueDate, -30));
      const ask = await newMail(
        seen,
        (m) =>
          m.to.includes(contact) &&
          m.subject.includes(`år ${year} av`) &&
          linksIn(m, 'confirmations').length > 0,
        `the year ${year} confirmation request`,
      );
      const link = linksIn(ask, 'confirmations')[0]!;
      http++;
      if ((await fetch(link)).status !== 200) throw new Error('Confirmation page failed');
      http++;
      const confirmed = await postForm(link, CONTINUING);
      if (confirmed.status !== 200) throw new Error(`Confirmation answered ${confirmed.status}`);
      await pay(year, dueDate);
    }
    const done = (await executions(stack.baseUrl)).filter((e) =>
      e.name.startsWith(`${applicationId}-y`),
    );
    if (done.length !== 5 || done.some((e) => e.status !== 'SUCCEEDED'))
      throw new Error(`Payment executions: ${done.map((e) => `${e.name} ${e.status}`).join(', ')}`);
    const after = await usage(stack);
    const runsThrough = dailyRunsFired;
    const lastDay = await localNow(stack.baseUrl);

    // The daily run on its own, warm, after the last payment: runs with nothing due.
    const end = lastDay.toISOString().slice(0, 10);
    const each: Cost[] = [];
    for (let day = 1; day <= emptyRuns; day++) {
      const u0 = await usage(stack);
      const fired = await moveTo(noonOslo(end, day));
      if (fired) each.push(costBetween(u0, await usage(stack), fired, 0));
    }
    const dailyRun = medianOf(each);
    const fired = each.length;
    dailyRunsFired = runsThrough;
    const daysSimulated = Math.round(
      (lastDay.getTime() - new Date(`${today}T11:00:00Z`).getTime()) / 86_400_000,
    );

    const withRuns = costBetween(approved, after, 1, http - httpAtApproval);
    const payments = less(withRuns, dailyRun, dailyRunsFired);
    const application = less(costBetween(before, after, 1, http), dailyRun, dailyRunsFired);
    const runs = scaledBy(dailyRun, dailyRunsFired);
    const share = scaledBy(dailyRun, dailyRunsFired / POSITIONS_SHARING_DAILY_RUNS);
    return {
      throughApproval,
      payments,
      application,
      dailyRun: { ...dailyRun, emptyRuns: fired },
      dailyRuns: { count: dailyRunsFired, cost: runs },
      dailyRunShare: { positions: POSITIONS_SHARING_DAILY_RUNS, cost: share },
      totalUsd: round(application.totalUsd + share.totalUsd, 8),
      years: 5,
      simulatedDays: daysSimulated,
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    client.destroy();
  }
}
