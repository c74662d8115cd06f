// Calls handlers in this process the way Lambda would: JSON in, JSON out, a minimal context, the
// function's time limit, and errors carried by name (Step Functions' Retry/Catch match on it).

import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

import { FUNCTIONS, entryPath, type FunctionName } from '../functions.js';
import { invocationContext, type Invocation } from './egress.js';
import { lambdaArn } from './template.js';

export type Handler = (event: unknown, context: Context) => unknown;
export type HandlerLoader = (key: FunctionName) => Promise<Handler>;

/** Imports the real handler file named in infra/functions.ts. */
export const importHandler: HandlerLoader = async (key) => {
  const mod = (await import(pathToFileURL(entryPath(key)).href)) as {
    handler?: Handler;
    default?: { handler?: Handler };
  };
  const handler = mod.handler ?? mod.default?.handler;
  if (typeof handler !== 'function')
    throw new Error(`${FUNCTIONS[key].entry} does not export a handler`);
  return handler;
};

/** An error a function threw, as Lambda reports it: errorType is the error's name. */
export class FunctionError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];

  constructor(errorType: string, errorMessage: string, trace: string[] = [], cause?: unknown) {
    // The message is what Step Functions shows as the Cause: Lambda's JSON error document.
    super(JSON.stringify({ errorType, errorMessage, trace }), { cause });
    this.name = errorType;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.trace = trace;
  }

  static from(error: unknown): FunctionError {
    if (error instanceof FunctionError) return error;
    if (error instanceof Error) {
      const type =
        error.name && error.name !== 'Error' ? error.name : error.constructor?.name || 'Error';
      const trace = (error.stack ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim());
      return new FunctionError(type, error.message, trace, error);
    }
    return new FunctionError('Error', String(error), [], error);
  }
}

/**
 * The time a function's limit is kept on: the runner's own, or one a test moves by hand so that an
 * overrun costs no real wait.
 */
export interface LimitClock {
  now(): number;
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const RUNNER_TIME: LimitClock = {
  now: () => performance.now(),
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

function lambdaContext(
  key: FunctionName,
  functionName: string,
  deadline: number,
  now: () => number,
): Context {
  const requestId = randomUUID();
  const fail = () => {
    throw new Error('The local stack supports async handlers only');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaArn(functionName),
    memoryLimitInMB: String(FUNCTIONS[key].memorySize),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

/** Round-trips a value through JSON, as the Lambda service does with events and results. */
function overTheWire(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** What the functions used, as Lambda bills it: invocations and GB-seconds (1 ms granularity). */
export interface LambdaUsage {
  invocations: Partial<Record<FunctionName, number>>;
  gbSeconds: number;
  timedOut: number;
}

/**
 * The per-invocation store of an execution environment that runs several invocations at once
 * (AWS_LAMBDA_MAX_CONCURRENCY, as Lambda's runtime sets it for such environments). The local stack
 * is one: every function's invocations share this process. Libraries that keep an invocation's
 * state (Powertools' logger: its Lambda context and appended keys) keep it in this store there, so
 * two concurrent invocations cannot log under each other's function, request id or application.
 * Made when this module loads: the SDK asks for the store on every call, and the first to ask
 * decides its kind for the whole process.
 */
const invokeStore = (async () => {
  // Any value turns it on; the local stack sets no cap of its own.
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';
  const store = await InvokeStore.getInstanceAsync(true);
  // A store for one invocation at a time keeps the last context after a run: it would mix them.
  store.run({}, () => undefined);
  if (store.hasContext()) throw new Error('The invoke store keeps one invocation at a time');
  return store;
})();

export class LocalLambdas {
  private readonly handlers = new Map<FunctionName, Promise<Handler>>();
  readonly usage: LambdaUsage = { invocations: {}, gbSeconds: 0, timedOut: 0 };

  constructor(
    private readonly loader: HandlerLoader,
    /** Function key → local function name (from the template). */
    private readonly names: Partial<Record<FunctionName, string>> = {},
    /** Time limits in ms instead of the functions' own (tests that overrun on purpose). */
    private readonly timeoutsMs: Partial<Record<FunctionName, number>> = {},
    private readonly clock: LimitClock = RUNNER_TIME,
  ) {}

  /** Imports every function now, so a broken handler fails at start-up, not on first use. */
  async loadAll(keys: FunctionName[]): Promise<void> {
    await Promise.all(keys.map((key) => this.handler(key)));
  }

  private handler(key: FunctionName): Promise<Handler> {
    let handler = this.handlers.get(key);
    if (!handler) {
      handler = this.loader(key);
      this.handlers.set(key, handler);
    }
    return handler;
  }

  /**
   * Invokes a function. Throws FunctionError with the thrown error's name, or "Sandbox.Timedout"
   * when the function's time limit passes. The handler cannot be stopped in-process, but from then
   * on its calls to the emulators fail (egress.ts), as nothing leaves a frozen sandbox in AWS.
   */
  async invoke(
    key: FunctionName,
    event: unknown,
    options: { json?: boolean } = {},
  ): Promise<unknown> {
    const handler = await this.handler(key);
    const timeoutMs = this.timeoutsMs[key] ?? FUNCTIONS[key].timeout * 1000;
    const clock = this.clock;
    const now = () => clock.now();
    const started = now();
    const invocation: Invocation = {
      deadline: started + timeoutMs,
      now,
      timedOut: false,
      maySendMail: FUNCTIONS[key].access.sendMail,
    };
    const context = lambdaContext(key, this.names[key] ?? key, invocation.deadline, now);
    const json = options.json ?? true;
    this.usage.invocations[key] = (this.usage.invocations[key] ?? 0) + 1;
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(() => {
        invocation.timedOut = true;
        this.usage.timedOut++;
        reject(
          new FunctionError(
            'Sandbox.Timedout',
            `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
          ),
        );
      }, timeoutMs);
    });
    try {
      const store = await invokeStore;
      const result = await Promise.race([
        store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () =>
          invocationContext.run(invocation, () =>
            Promise.resolve().then(() => handler(json ? overTheWire(event) : event, context)),
          ),
        ),
        timedOut,
      ]);
      // A result that comes after the limit (the timer waited on a busy event loop) is lost too.
      if (invocation.timedOut || now() > invocation.deadline) await timedOut;
      return json ? overTheWire(result) : result;
    } catch (error) {
      throw FunctionError.from(error);
    } finally {
      clock.clearTimeout(timer);
      const billedMs = Math.min(Math.ceil(now() - started), timeoutMs);
      this.usage.gbSeconds += (billedMs / 1000) * (FUNCTIONS[key].memorySize / 1024);
    }
  }
}

/**
 * Runs the workflow's steps: at most `limit` at a time, in the order they came, and none while the
 * HTTP API is serving a request, unless the step has waited `maxDeferMs`. Locally the steps share
 * one DynamoDB Local, two cores and one event loop with the API, where in AWS they would not
 * compete with it: without this, a burst of submissions would wait behind its own receipts and
 * review requests. Under load that lasts, the wait is bounded and the steps keep pace again.
 */
export class StepScheduler {
  private running = 0;
  private requests = 0;
  private readonly waiting: { start: () => void; since: number }[] = [];
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(
    readonly limit: number,
    readonly maxDeferMs: number,
  ) {}

  /** Serves one request of the HTTP API: steps not yet started wait until none is being served. */
  async serve<T>(request: () => Promise<T>): Promise<T> {
    this.requests++;
    try {
      return await request();
    } finally {
      this.requests--;
      // After the answer is written: a step started now would run its first part on the same
      // turn of the event loop, ahead of the response, which in AWS it never delays.
      setImmediate(() => this.dispatch());
    }
  }

  async run<T>(step: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ start, since: performance.now() });
      this.dispatch();
    });
    try {
      return await step();
    } finally {
      this.running--;
      this.dispatch();
    }
  }

  private dispatch(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const next = this.waiting[0]!;
      const deferFor = next.since + this.maxDeferMs - performance.now();
      if (this.requests > 0 && deferFor > 0) {
        // Wakes the queue when its first step may wait no longer, should no request end before.
        this.wakeUp ??= setTimeout(() => {
          this.wakeUp = undefined;
          this.dispatch();
        }, deferFor).unref();
        return;
      }
      this.waiting.shift();
      this.running++;
      next.start();
    }
  }
}
