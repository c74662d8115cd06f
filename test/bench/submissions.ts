// Submission throughput and latency at 16 clients against the floor: the one TransactWriteItems a
// submission needs (its five items), sent bare to the same DynamoDB Local in the same run.

import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { linksIn, mail } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { dynamoHeaders, submissionBody, transactionBody } from './applications.js';
import { load, type LoadResult } from './load.js';

export interface SubmissionLoad {
  bareTransaction: LoadResult;
  submissions16: LoadResult;
  submissions1: LoadResult;
}

let run = 0;

/** POST /applications with fresh bodies and Idempotency-Keys, `amount` of them. */
export function submit(
  stack: LocalStack,
  connections: number,
  amount: number,
): Promise<LoadResult> {
  const tag = `r${run++}x`;
  return load({
    url: `${stack.baseUrl}/applications`,
    connections,
    amount,
    headers: { 'content-type': 'application/json' },
    body: (n) => submissionBody(n, tag),
    requestHeaders: (n) => ({ 'idempotency-key': `${tag}-${n}-${Math.random()}` }),
  });
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
 * One measurement: a warm-up of each, then the bare transaction, then submissions at 16 and at 1
 * client. `between` runs before each submission load (the benchmark moves to a new local day, so
 * per-municipality daily limits never refuse).
 */
export async function measureSubmissions(
  stack: LocalStack,
  endpoint: string,
  table: string,
  sizes: { transactions: number; submissions: number },
  between: () => Promise<unknown>,
): Promise<SubmissionLoad> {
  await bareTransactions(endpoint, table, 16, Math.ceil(sizes.transactions / 2));
  await between();
  // As many as measured: the stack's JIT and DynamoDB Local's caches warm up on the real path.
  await submit(stack, 16, sizes.submissions);
  const bareTransaction = await bareTransactions(endpoint, table, 16, sizes.transactions);
  await between();
  const submissions16 = await submit(stack, 16, sizes.submissions);
  await between();
  const submissions1 = await submit(stack, 1, Math.ceil(sizes.submissions / 2));
  return { bareTransaction, submissions16, submissions1 };
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
