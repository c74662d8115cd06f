// The whole system on this machine: DynamoDB Local, SES local, the state machine, the schedules and
// the HTTP API, all driven by the synthesized template and one local clock. main.ts is the command;
// this is the part tests can start in-process with their own template and handlers.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import type { FunctionName } from '../functions.js';
import { unsupportedFeatures } from './asl.js';
import { LocalClock, MAX_ADVANCE_MS, parseInstant } from './clock.js';
import {
  ensureTables,
  freePort,
  startDynamoDb,
  stopLeftoverDynamoDb,
  type LocalDynamoDb,
} from './dynamodb.js';
import { createHttpHandler, LocalRequestError, Router } from './http.js';
import { importHandler, LocalLambdas, type HandlerLoader } from './lambda.js';
import { LocalScheduler, type Due } from './scheduler.js';
import { startSes, type LocalSes } from './ses.js';
import { startSfnServer, type SfnServer } from './sfn-api.js';
import { LocalStepFunctions } from './stepfunctions.js';
import {
  LOCAL_REGION,
  readTemplate,
  type CfnTemplate,
  type LocalTemplate,
  type ScheduleSpec,
  type StateMachineSpec,
} from './template.js';

export class DefinitionRefused extends Error {
  override name = 'DefinitionRefused';
  constructor(readonly problems: string[]) {
    super(
      `The state machine uses features the local stack cannot run (aws-local-stepfunctions would ignore them silently):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

/**
 * The template as the local stack reads it, refused (DefinitionRefused) when its state machine uses
 * what the local runner cannot run.
 */
export function checkTemplate(
  raw: CfnTemplate,
  publicBaseUrl: string,
): { template: LocalTemplate; machine: StateMachineSpec } {
  const template = readTemplate(raw, { publicBaseUrl });
  const [machine, ...others] = template.stateMachines;
  if (!machine) throw new Error('The template has no state machine');
  if (others.length)
    throw new Error('The local stack runs one state machine; the template has several');
  const problems = unsupportedFeatures(
    machine.definition,
    (name) => template.functionByName(name) !== undefined,
  );
  if (problems.length) throw new DefinitionRefused(problems);
  return { template, machine };
}

export interface StackOptions {
  /** Where everything is kept between runs. */
  dir: string;
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Start empty: wipe `dir` first. */
  fresh?: boolean;
  /** The CloudFormation template (the synthesized one in main.ts). */
  template: () => CfnTemplate | Promise<CfnTemplate>;
  /** How handlers are loaded; the default imports the files named in infra/functions.ts. */
  loadHandler?: HandlerLoader;
  log?: (line: string) => void;
}

export interface Fired {
  at: string;
  schedule?: string;
  timer?: string;
  error?: string;
}

export interface RunningStack {
  baseUrl: string;
  port: number;
  dir: string;
  sesViewerUrl: string;
  stateMachineArn: string;
  /** POST /_local/advance */
  advance(to: string): Promise<{ now: string; fired: Fired[] }>;
  stop(): Promise<void>;
}

/** Lambda's reserved variables and those that mean nothing in a shared local process. */
const NOT_FOR_LOCAL = /^(AWS_|_HANDLER$|LAMBDA_|NODE_OPTIONS$|TZ$)/;

/** The payload EventBridge Scheduler sends a Lambda target, with its context attributes filled in. */
function schedulePayload(schedule: ScheduleSpec, at: number): unknown {
  if (schedule.input === undefined) return {};
  const text = schedule.input
    .replaceAll(
      '<aws.scheduler.scheduled-time>',
      new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    )
    .replaceAll(
      '<aws.scheduler.schedule-arn>',
      `arn:aws:scheduler:${LOCAL_REGION}:000000000000:schedule/default/${schedule.name}`,
    )
    .replaceAll('<aws.scheduler.execution-id>', crypto.randomUUID())
    .replaceAll('<aws.scheduler.attempt-number>', '1');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class StackInUse extends Error {
  override name = 'StackInUse';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Refuses a data directory another running local stack uses: both would write the same files. */
function lock(dir: string): () => void {
  const file = path.join(dir, 'stack.pid');
  const owner = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : NaN;
  if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
    throw new StackInUse(
      `Another local stack (process ${owner}) uses ${dir}; stop it first, or set ALIS_LOCAL_DIR`,
    );
  }
  return () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, String(process.pid));
  };
}

async function checkPortFree(port: number): Promise<void> {
  if (!port) return;
  const probe = http.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = path.resolve(options.dir);
  // Both checks come before --fresh wipes anything.
  const takeLock = lock(dir);
  await checkPortFree(options.port);
  if (options.fresh) {
    stopLeftoverDynamoDb(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  takeLock();

  const cleanups: (() => unknown)[] = [
    () => fs.rmSync(path.join(dir, 'stack.pid'), { force: true }),
  ];
  const savedEnv = { ...process.env };
  cleanups.push(() => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  });
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('[local stack] while stopping:', error);
      }
    }
  };

  try {
    // The clock first: everything after it, handlers included, sees local time.
    const clock = new LocalClock(path.join(dir, 'clock.json'));
    clock.install();
    cleanups.push(() => {
      clock.save();
      clock.uninstall();
    });

    // Java takes seconds to start: get it going before the (synchronous) synthesis.
    const dynamoPort = await freePort();
    const dynamoStarting = startDynamoDb({ dir, port: dynamoPort });
    let dynamo: LocalDynamoDb | undefined;
    cleanups.push(async () => (dynamo ?? (await dynamoStarting.catch(() => undefined)))?.stop());

    const port = options.port || (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const { template, machine } = checkTemplate(await options.template(), baseUrl);
    for (const key of template.environmentConflicts) {
      log(
        `Warning: functions set ${key} differently; locally they share one process and one value`,
      );
    }

    const ses: LocalSes = await startSes({ dir });
    cleanups.push(() => ses.stop());

    const scheduler = new LocalScheduler(
      template.schedules,
      clock.now(),
      path.join(dir, 'scheduler.json'),
    );
    const functionNames = Object.fromEntries(
      template.functions.map((f) => [f.key, f.functionName]),
    ) as Partial<Record<FunctionName, string>>;
    const lambdas = new LocalLambdas(options.loadHandler ?? importHandler, functionNames);
    const sfn = new LocalStepFunctions({
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      definition: machine.definition,
      dir: path.join(dir, 'executions'),
      invoke: (key, payload) => lambdas.invoke(key, payload),
      functionByName: template.functionByName,
      now: () => clock.now(),
      addTimer: (at, label, fire) => scheduler.addTimer(at, label, fire),
      log: (m) => log(`[workflow] ${m}`),
    });
    cleanups.push(() => sfn.stop());
    const sfnServer: SfnServer = await startSfnServer(sfn);
    cleanups.push(() => sfnServer.close());

    const table = template.tables[0];
    const env: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(template.environment).filter(([k]) => !NOT_FOR_LOCAL.test(k)),
      ),
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamoPort}`,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnServer.endpoint,
      PUBLIC_BASE_URL: baseUrl,
      STATE_MACHINE_ARN: machine.arn,
    };
    env.TABLE_NAME ??= table?.tableName ?? '';
    env.MAIL_FROM ??= 'ALIS lokalt <no-reply@alis.example.no>';
    env.SES_CONFIGURATION_SET ??= 'local';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, env);

    // Import every handler now (after the environment is set: they read it at load), so a broken
    // one stops the start instead of failing its first request; meanwhile Java starts.
    await lambdas.loadAll([...new Set(template.functions.map((f) => f.key))]);
    dynamo = await dynamoStarting;
    await ensureTables(dynamo.endpoint, template.tables, log);

    sfn.resumeAll();
    await sfn.waitForIdle(30_000);

    // Advances, and schedules firing as real time passes, run one at a time.
    let queue: Promise<unknown> = Promise.resolve();
    const serially = <T>(task: () => Promise<T>): Promise<T> => {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    };

    const fire = async (due: Due): Promise<Fired> => {
      scheduler.markFired(due);
      clock.moveForwardTo(due.at);
      const at = new Date(due.at).toISOString();
      if (due.kind === 'timer') {
        due.fire();
        return { at, timer: due.label };
      }
      const entry: Fired = { at, schedule: due.schedule.name };
      try {
        await lambdas.invoke(due.schedule.target, schedulePayload(due.schedule, due.at));
      } catch (error) {
        entry.error = `${(error as Error).name}: ${(error as { errorMessage?: string }).errorMessage ?? (error as Error).message}`;
        console.error(
          `[${due.schedule.target}] schedule ${due.schedule.name} at ${at} failed:`,
          (error as Error).cause ?? error,
        );
      }
      return entry;
    };

    const runDue = async (upTo: number): Promise<Fired[]> => {
      const fired: Fired[] = [];
      for (let due = scheduler.nextDue(upTo); due; due = scheduler.nextDue(upTo)) {
        fired.push(await fire(due));
        await sfn.waitForIdle();
      }
      return fired;
    };

    const advance = (to: unknown) => {
      const target = parseInstant(to);
      if (target === null) {
        return Promise.reject(
          new LocalRequestError(
            '"to" must be an ISO-8601 instant, e.g. 2026-11-02T06:00:00+01:00 or 2026-11-02T05:00:00Z',
          ),
        );
      }
      if (target - clock.now() > MAX_ADVANCE_MS) {
        return Promise.reject(
          new LocalRequestError('The local clock moves at most 20 years in one advance'),
        );
      }
      return serially(async () => {
        // What earlier requests set going (a workflow started by a submission) happens at the time
        // it was set going, before the clock jumps.
        await sfn.waitForIdle();
        if (target < clock.now()) {
          throw new LocalRequestError(
            `The local clock never goes back: ${new Date(target).toISOString()} is before ${new Date(clock.now()).toISOString()}`,
          );
        }
        const fired = await runDue(target);
        clock.moveForwardTo(target);
        await sfn.waitForIdle();
        return { now: new Date(clock.now()).toISOString(), fired };
      });
    };

    // Real time moves the local clock too: what falls due while nobody advances fires on its own.
    let tickQueued = false;
    const ticker = setInterval(() => {
      if (tickQueued || !scheduler.nextDue(clock.now())) return;
      tickQueued = true;
      void serially(() => {
        tickQueued = false;
        return runDue(clock.now());
      }).catch((error: unknown) => console.error('[local stack]', error));
    }, 1000);
    ticker.unref();
    cleanups.push(() => clearInterval(ticker));

    const settle = async () => ({
      now: new Date(clock.now()).toISOString(),
      idle: await sfn.waitForIdle(30_000),
    });
    const server = http.createServer(
      createHttpHandler({
        router: new Router(template.routes),
        invoke: (key, event) => lambdas.invoke(key, event),
        now: () => clock.now(),
        port,
        log,
        local: {
          mail: async () => {
            await sfn.waitForIdle(30_000);
            return ses.mail();
          },
          executions: async () => {
            await sfn.waitForIdle(30_000);
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
          advance,
          settle,
          clock: () => ({ now: new Date(clock.now()).toISOString() }),
        },
      }),
    );
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    let stopping: Promise<void> | undefined;
    return {
      baseUrl,
      port,
      dir,
      sesViewerUrl: ses.viewerUrl,
      stateMachineArn: machine.arn,
      advance: (to) => advance(to),
      stop: () => (stopping ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
