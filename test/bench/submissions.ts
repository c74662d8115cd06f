// Submission throughput and latency at 16 clients against the floor: the one TransactWriteItems a
// submission needs (its five items), sent bare to the same DynamoDB Local in the same run.

import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { linksIn, mail } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { dynamoHeaders, submissionBody, transactionBody } from './applications.js';
import { load, type LoadResult } from './load.js';
import { monotonicMicros, type Window } from './profile.js';

/** One turn against the floor: the bare transaction and the submissions, one after the other. */
export interface FloorTurn {
  bareTransaction: LoadResult;
  submissions16: LoadResult;
}

export interface SubmissionLoad {
  floor: FloorTurn[];
  submissions1: LoadResult;
}

let run = 0;

/** When each stack's submission loads ran: what its CPU profile is summarized over. */
export const submissionLoadWindows = new Map<LocalStack, Window[]>();

/** POST /applications with fresh bodies and Idempotency-Keys, `amount` of them. */
export async function submit(
  stack: LocalStack,
  connections: number,
  amount: number,
): Promise<LoadResult> {
  const tag = `r${run++}x`;
  const start = monotonicMicros();
  const result = await load({
    url: `${stack.baseUrl}/applications`,
    connections,
    amount,
    headers: { 'content-type': 'application/json' },
    body: (n) => submissionBody(n, tag),
    requestHeaders: (n) => ({ 'idempotency-key': `${tag}-${n}-${Math.random()}` }),
  });
  const windows = submissionLoadWindows.get(stack) ?? [];
  windows.push([start, monotonicMicros()]);
  submissionLoadWindows.set(stack, windows);
  return result;
}

export function bareTransactions(
  endpoint: string,
  table: string,
  connections: number,
  amount: number,
): Promise<LoadResult> {
  return load({
    url: endpoint,
    connections,
    amount,
    headers: dynamoHeaders('TransactWriteItems'),
    body: (n) => transactionBody(n, table),
  });
}

/**
 * Against the floor, in turns: the bare transaction and submissions at 16 clients, one after the
 * other, the order swapped every turn (a machine that slows down for a while then slows both
 * sides of a turn alike); then submissions at 1 client. A warm-up of each comes first. `between`
 * runs after each submission load: the benchmark moves to a new local day, which first lets the
 * load's workflows finish (so no load shares the machine with the one before it) and then opens
 * new per-municipality daily limits.
 */
export async function measureSubmissions(
  stack: LocalStack,
  endpoint: string,
  table: string,
  sizes: { transactions: number; submissions: number; turns: number },
  between: () => Promise<unknown>,
): Promise<SubmissionLoad> {
  await bareTransactions(endpoint, table, 16, Math.ceil(sizes.transactions / 2));
  await between();
  // As many as measured: the stack's JIT and DynamoDB Local's caches warm up on the real path.
  await submit(stack, 16, sizes.submissions);
  await between();
  const bare = () => bareTransactions(endpoint, table, 16, sizes.transactions);
  const submissions = async () => {
    const result = await submit(stack, 16, sizes.submissions);
    await between();
    return result;
  };
  const floor: FloorTurn[] = [];
  for (let turn = 0; turn < sizes.turns; turn++) {
    if (turn % 2) {
      const submissions16 = await submissions();
      floor.push({ submissions16, bareTransaction: await bare() });
    } else {
      const bareTransaction = await bare();
      floor.push({ bareTransaction, submissions16: await submissions() });
    }
  }
  const submissions1 = await submit(stack, 1, Math.ceil(sizes.submissions / 2));
  await between();
  return { floor, submissions1 };
}

/** One turn of each stack's submissions at 16 clients and at 1, the same loads on both. */
export interface Turn {
  fresh16: LoadResult;
  history16: LoadResult;
  fresh1: LoadResult;
  history1: LoadResult;
}

/**
 * The fresh stack and the one with history, in turns as {@link measureSubmissions} measures
 * against the floor: each load on one, then the same on the other, the order swapped every turn.
 * `between` is as there, so each load starts with both stacks idle.
 */
export async function measureInTurns(
  stacks: { fresh: LocalStack; history: LocalStack },
  turns: number,
  submissions: number,
  between: (stack: LocalStack) => Promise<unknown>,
): Promise<Turn[]> {
  const measured: Turn[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const order = turn % 2 ? (['history', 'fresh'] as const) : (['fresh', 'history'] as const);
    const at16: Partial<Record<'fresh' | 'history', LoadResult>> = {};
    const at1: Partial<Record<'fresh' | 'history', LoadResult>> = {};
    for (const side of order) {
      at16[side] = await submit(stacks[side], 16, submissions);
      await between(stacks[side]);
    }
    for (const side of order) {
      at1[side] = await submit(stacks[side], 1, Math.ceil(submissions / 2));
      await between(stacks[side]);
    }
    measured.push({
      fresh16: at16.fresh!,
      history16: at16.history!,
      fresh1: at1.fresh!,
      history1: at1.history!,
    });
  }
  return measured;
}

export interface MailCount {
  receipts: number;
  /** Contacts that got more than one receipt. */
  duplicateReceipts: number;
  reviewRequests: number;
  /** (reviewer, application) pairs mailed more than once. */
  duplicateRequests: number;
}

/**
 * Every application of the load got one receipt and each reviewer one request: counted in the
 * mail, before any decision (each load's contacts are `r<run>x<n>@`, so a receipt is the one
 * e-mail to its contact).
 */
export async function countMail(stack: LocalStack): Promise<MailCount> {
  const reviewers = new Set(Object.values(PROGRAMMES).flatMap((p) => p.people.reviewers));
  const perContact = new Map<string, number>();
  const perRequest = new Map<string, number>();
  for (const m of await mail(stack.baseUrl)) {
    for (const to of m.to) {
      if (/^r\d+x\d+@kommune\.example\.no$/.test(to))
        perContact.set(to, (perContact.get(to) ?? 0) + 1);
      const id = /A[NV]-\d{4}-[0-9A-Z]{8}/.exec(m.text)?.[0];
      if (reviewers.has(to) && id && linksIn(m, 'decisions').length) {
        const key = `${to} ${id}`;
        perRequest.set(key, (perRequest.get(key) ?? 0) + 1);
      }
    }
  }
  const over = (counts: Map<string, number>) => [...counts.values()].filter((n) => n > 1).length;
  return {
    receipts: perContact.size,
    duplicateReceipts: over(perContact),
    reviewRequests: perRequest.size,
    duplicateRequests: over(perRequest),
  };
}
