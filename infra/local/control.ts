// The local-only control paths (/_local/*): what a developer or a test reads and moves that AWS
// has no API for here. The HTTP server hands every /_local/ request to `controlHandler`, which
// routes it to one of the `ControlPaths`. Reads wait until the workflows have done what they can
// do now, so what they show is settled.

import type { LocalClock } from './clock.js';
import { type EgressGate, FaultRequestError, parseFaultRequest } from './egress.js';
import { type HttpAnswer, json } from './http.js';
import type { LocalLambdas } from './lambda.js';
import type { LocalSes } from './ses.js';
import { BounceRequestError, parseBounceRequest, sesBounceEvent } from './ses-events.js';
import type { StepFunctionsService } from './stepfunctions-group.js';
import { AdvanceRequestError, type Timekeeper } from './timekeeper.js';

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

/** What each control path answers; `controlHandler` routes the requests to them. */
export interface ControlPaths {
  mail(): Promise<unknown>;
  executions(): Promise<unknown>;
  /** Throws AdvanceRequestError for a `to` that is not a forward move. */
  advance(to: unknown): Promise<unknown>;
  settle(): Promise<unknown>;
  clock(): unknown;
  /** Throws FaultRequestError for a bad body. */
  setFault(body: unknown): unknown;
  faults(): unknown;
  usage(): Promise<unknown>;
  memory(): Promise<unknown>;
  /** Simulates SES's permanent bounce of the address (checked by parseBounceRequest). */
  bounce(email: string): Promise<unknown>;
}

export function controlPaths(deps: ControlDeps): ControlPaths {
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
    bounce: async (email) => {
      // The e-mail a workflow step is sending right now counts as sent.
      await sfn.waitForIdle(SETTLE_MS);
      const event = sesBounceEvent({
        address: email,
        mail: ses.lastMailTo(email),
        configurationSet: process.env.SES_CONFIGURATION_SET ?? 'local',
        now: new Date(clock.now()),
      });
      // The function EventBridge would invoke, with the event it would hand it.
      return deps.lambdas.invoke('mailEvents', event);
    },
  };
}

/** A control request whose body is not JSON (answered 400). */
class ControlBodyError extends Error {
  override name = 'ControlBodyError';
}

/** A request body as JSON; an empty body is `{}`. */
function jsonBody(body: Buffer, shape: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // answered below, as for any other body that is not an object
  }
  throw new ControlBodyError(`Body must be a JSON object: ${shape}`);
}

/** Answers a request under /_local/: 404 for a path that is not one of them, 400 for a bad body. */
export function controlHandler(
  paths: ControlPaths,
): (method: string, path: string, body: Buffer) => Promise<HttpAnswer> {
  const routes: Record<string, (body: Buffer) => unknown> = {
    'GET /_local/mail': () => paths.mail(),
    'GET /_local/executions': () => paths.executions(),
    'GET /_local/clock': () => paths.clock(),
    'POST /_local/settle': () => paths.settle(),
    'GET /_local/usage': () => paths.usage(),
    'GET /_local/memory': () => paths.memory(),
    'GET /_local/faults': () => paths.faults(),
    'POST /_local/faults': (body) =>
      paths.setFault(jsonBody(body, '{"service": …, "failFor": …, "error": …}')),
    'POST /_local/advance': (body) =>
      paths.advance(jsonBody(body, '{"to": "<ISO-8601 instant>"}').to),
    'POST /_local/bounce': (body) =>
      paths.bounce(parseBounceRequest(jsonBody(body, '{"email": "<address>"}')).email),
  };
  return async (method, path, body) => {
    const route = Object.hasOwn(routes, `${method} ${path}`)
      ? routes[`${method} ${path}`]
      : undefined;
    if (!route) return json(404, { message: 'Not Found' });
    try {
      return json(200, await route(body));
    } catch (error) {
      if (
        error instanceof ControlBodyError ||
        error instanceof FaultRequestError ||
        error instanceof AdvanceRequestError ||
        error instanceof BounceRequestError
      )
        return json(400, { message: error.message });
      throw error;
    }
  };
}
