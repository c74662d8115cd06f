// The local-only control paths (/_local/*): what a developer or a test reads and moves that AWS
// has no API for here. Reads wait until the workflows have done what they can do now, so what
// they show is settled.

import type { EgressGate } from './egress.js';
import { parseFaultRequest } from './egress.js';
import type { LocalClock } from './clock.js';
import type { LocalEndpoints } from './http.js';
import type { LocalLambdas } from './lambda.js';
import type { LocalSes } from './ses.js';
import type { StepFunctionsService } from './stepfunctions-group.js';
import type { Timekeeper } from './timekeeper.js';

const SETTLE_MS = 30_000;

export interface ControlDeps {
  clock: LocalClock;
  ses: LocalSes;
  sfn: StepFunctionsService;
  lambdas: LocalLambdas;
  egress: EgressGate;
  time: Timekeeper;
}

/** What a local run used, in the units AWS bills (see the cost table in docs/benchmarks.md). */
export function usage(deps: ControlDeps) {
  return {
    lambda: deps.lambdas.usage,
    stateTransitions: deps.sfn.transitions,
    dynamodb: {
      calls: deps.egress.counts.calls.dynamodb,
      operations: deps.egress.counts.dynamodbOperations,
    },
    emails: deps.ses.count(),
    scheduleInvocations: deps.time.scheduleInvocations,
    sfnApiCalls: deps.egress.counts.calls.sfn,
    faultedCalls: deps.egress.counts.faulted,
    frozenCalls: deps.egress.counts.frozen,
  };
}

/**
 * The stack process's memory in MiB (the benchmarks read it): as it is, and the heap still live
 * after a full collection when Node runs with --expose-gc.
 */
export function memory() {
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const gc = (globalThis as { gc?: () => void }).gc;
  const before = process.memoryUsage();
  gc?.();
  const after = gc ? process.memoryUsage() : undefined;
  return {
    rss: mib(before.rss),
    heapUsed: mib(before.heapUsed),
    ...(after && { liveHeap: mib(after.heapUsed), rssAfterGc: mib(after.rss) }),
    external: mib(before.external),
  };
}

export function controlPaths(deps: ControlDeps): LocalEndpoints {
  const { clock, ses, sfn } = deps;
  return {
    mail: async () => {
      await sfn.waitForIdle(SETTLE_MS);
      return ses.mail();
    },
    executions: async () => {
      await sfn.waitForIdle(SETTLE_MS);
      return sfn.list().map((r) => ({
        name: r.name,
        status: r.status,
        input: JSON.parse(r.input) as unknown,
        executionArn: r.executionArn,
        startDate: new Date(r.startDate).toISOString(),
        ...(r.stopDate !== undefined ? { stopDate: new Date(r.stopDate).toISOString() } : {}),
        ...(r.output !== undefined ? { output: JSON.parse(r.output) as unknown } : {}),
        ...(r.error !== undefined ? { error: r.error, cause: r.cause } : {}),
        waitingAt: r.journal
          .filter((e) => e.outcome.type === 'parked' || e.outcome.type === 'waiting')
          .map((e) => e.state),
      }));
    },
    advance: (to) => deps.time.advance(to),
    settle: async () => ({
      now: new Date(clock.now()).toISOString(),
      idle: await sfn.waitForIdle(SETTLE_MS),
    }),
    clock: () => ({ now: new Date(clock.now()).toISOString() }),
    setFault: (body) => deps.egress.setFault(parseFaultRequest(body)),
    faults: () => deps.egress.listFaults(),
    usage: async () => {
      await sfn.waitForIdle(SETTLE_MS);
      return usage(deps);
    },
    memory: async () => memory(),
  };
}
