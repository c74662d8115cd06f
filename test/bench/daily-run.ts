// The daily run scales with what is due, not with the table: time per due item with growing
// numbers of due items, in a table holding ten times as many that are not due, and the stack's
// memory meanwhile. The due items are year-2 instalments whose "start" timer is due: the daily run
// starts the year's AnnualPayment execution for each, which asks the municipality to confirm (one
// e-mail) and waits for the answer; the others' timers fall due long after the benchmark.
//
// Per item, comparably across sizes: each size's run is followed by a run on the same table with
// nothing due, and the difference is divided by the number due. That takes out the fixed cost of a
// run (the invocation, the index query, settling) as it is on that table. A warm-up run of the
// middle size comes first and is not counted, so that first-use costs (JIT in Node and in
// DynamoDB Local's Java, which takes thousands of calls to settle; lazily loaded code) do not fall
// on the smallest size alone.

import * as fs from 'node:fs';

import { localNow } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { seedDueInstalments } from './seed.js';
import { nextMorning, usage } from './stack.js';

export interface StackMemory {
  /** Resident memory of the stack's Node process, MiB. */
  rss: number;
  heapUsed: number;
  /** The heap still live after a full collection (the stack runs with --expose-gc). */
  liveHeap?: number;
  external: number;
}

export interface DailyRunStep {
  due: number;
  notDue: number;
  /** The run with `due` items due, and the next morning's on the same table with none. */
  runMs: number;
  emptyRunMs: number;
  /** (runMs − emptyRunMs) / due: what each due item adds. */
  msPerDueItem: number;
  /** What the run did: AnnualPayment executions started and e-mails sent. */
  started: number;
  emails: number;
  /** DynamoDB calls per due item, the daily run's and the workflow steps' together. */
  dynamodbCallsPerItem: number;
  /** The run's error, if it failed (e.g. the function's time limit); the figures are then partial. */
  error?: string;
  /** The stack process before the run, its highest RSS during it (sampled), and after. */
  before: StackMemory;
  peakRssDuring: number;
  after: StackMemory;
  /** DynamoDB Local's Java process after the run (RSS, MiB): it holds the table. */
  dynamoRssMiB: number;
}

export interface DailyRuns {
  warmUp: { due: number; runMs: number };
  steps: DailyRunStep[];
  /** Between consecutive sizes: (run time difference) / (due items difference), ms per item. */
  slopes: { from: number; to: number; msPerItem: number }[];
}

async function stackMemory(stack: LocalStack): Promise<StackMemory> {
  return (await (await fetch(`${stack.baseUrl}/_local/memory`)).json()) as StackMemory;
}

function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** The Java process among the stack's children (DynamoDB Local). */
function javaChild(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
      const cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8');
      if (cmd.includes('java')) return child;
      const deeper = javaChild(child);
      if (deeper) return deeper;
    }
  } catch {
    // gone, or not Linux
  }
  return undefined;
}

/** Runs `task` while sampling the process's RSS; answers its result and the highest RSS seen. */
async function sampling<T>(pid: number, task: () => Promise<T>): Promise<[T, number]> {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 100);
  try {
    const result = await task();
    return [result, Math.max(peak, rssMiB(pid))];
  } finally {
    clearInterval(timer);
  }
}

export async function measureDailyRuns(
  stack: LocalStack,
  endpoint: string,
  table: string,
  sizes: number[],
  log: (message: string) => void = () => {},
): Promise<DailyRuns> {
  const pid = stack.pid() ?? 0;
  let notDue = 0;
  /** Seeds `due` due and tops the not-due up to `notDueTotal`. */
  const seed = async (due: number, notDueTotal: number) => {
    const now = await localNow(stack.baseUrl);
    // Due before the next morning's run; the others long after every run of this benchmark.
    const dueAt = new Date(now.getTime() + 60_000);
    const laterAt = new Date(now.getTime() + 300 * 86_400_000);
    const more = Math.max(0, notDueTotal - notDue);
    await seedDueInstalments(endpoint, table, { due, notDue: more }, dueAt, laterAt);
    notDue += more;
  };

  const middle = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)]!;
  log(`daily run: warm-up with ${middle} due`);
  await seed(middle, 0);
  const warmUp = { due: middle, runMs: Math.round(await nextMorning(stack)) };
  await nextMorning(stack);

  const steps: DailyRunStep[] = [];
  for (const due of sizes) {
    await seed(due, 10 * due);
    log(`daily run: ${due} due among ${notDue} not due`);
    const used = await usage(stack);
    const before = await stackMemory(stack);
    let error: string | undefined;
    const [runMs, peakRssDuring] = await sampling(pid, async () => {
      const started = performance.now();
      try {
        return await nextMorning(stack);
      } catch (e) {
        error = (e as Error).message.slice(0, 300);
        log(`daily run with ${due} due failed: ${error}`);
        return performance.now() - started;
      }
    });
    const after = await stackMemory(stack);
    const usedAfter = await usage(stack);
    const emptyRunMs = await nextMorning(stack).catch((e: Error) => {
      error ??= `the run after: ${e.message.slice(0, 300)}`;
      return Number.NaN;
    });
    const java = javaChild(pid);
    steps.push({
      due,
      notDue,
      runMs: Math.round(runMs),
      emptyRunMs: Math.round(emptyRunMs),
      msPerDueItem: Math.round((Math.max(0, runMs - emptyRunMs) / due) * 100) / 100,
      started:
        (usedAfter.lambda.invocations.requestConfirmation ?? 0) -
        (used.lambda.invocations.requestConfirmation ?? 0),
      emails: usedAfter.emails - used.emails,
      dynamodbCallsPerItem:
        Math.round(((usedAfter.dynamodb.calls - used.dynamodb.calls) / due) * 10) / 10,
      before,
      peakRssDuring,
      after,
      dynamoRssMiB: java ? rssMiB(java) : 0,
      ...(error && { error }),
    });
  }
  const slopes = steps.slice(1).map((step, i) => {
    const previous = steps[i]!;
    return {
      from: previous.due,
      to: step.due,
      msPerItem:
        Math.round(((step.runMs - previous.runMs) / (step.due - previous.due)) * 100) / 100,
    };
  });
  return { warmUp, steps, slopes };
}
