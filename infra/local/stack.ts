// The whole system on this machine: DynamoDB Local, SES local, the state machine, the schedules and
// the HTTP API, all driven by the synthesized template and one local clock. main.ts is the command;
// this is the part tests can start in-process with their own template and handlers. Each part
// lives in its own module; this one starts them in order and stops them in reverse.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import type { FunctionName } from '../functions.js';
import { unsupportedFeatures } from './asl.js';
import { LocalClock } from './clock.js';
import { controlHandler, controlPaths } from './control.js';
import { checkDataDirFree, checkPortFree, releaseDataDir } from './data-dir.js';
import {
  accessKeyOf,
  deleteTables,
  ensureTables,
  LOCAL_ACCESS_KEY_ID,
  freePort,
  startDynamoDb,
  stopLeftoverDynamoDb,
  type LocalDynamoDb,
} from './dynamodb.js';
import { EgressGate } from './egress.js';
import { applyEnvironment, handlerEnvironment } from './environment.js';
import { createHttpHandler, Router } from './http.js';
import { importHandler, LocalLambdas, StepScheduler, type HandlerLoader } from './lambda.js';
import { LocalScheduler } from './scheduler.js';
import { startSes } from './ses.js';
import { startSfnServer } from './sfn-api.js';
import { StepFunctionsGroup } from './stepfunctions-group.js';
import { LocalStepFunctions } from './stepfunctions.js';
import {
  readTemplate,
  type CfnTemplate,
  type LocalTemplate,
  type StateMachineSpec,
} from './template.js';
import { Timekeeper, type Fired } from './timekeeper.js';

export { StackInUse } from './data-dir.js';
export type { Fired } from './timekeeper.js';

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
 * The template as the local stack reads it, refused (DefinitionRefused) when one of its state
 * machines uses what the local runner cannot run. The first machine is the one the functions know
 * as STATE_MACHINE_ARN; the others reach them through the template's own environment.
 */
export function checkTemplate(
  raw: CfnTemplate,
  publicBaseUrl: string,
): { template: LocalTemplate; machines: [StateMachineSpec, ...StateMachineSpec[]] } {
  const template = readTemplate(raw, { publicBaseUrl });
  const [first, ...others] = template.stateMachines;
  if (!first) throw new Error('The template has no state machine');
  const problems = [first, ...others].flatMap((machine) =>
    unsupportedFeatures(machine.definition, (name) => template.functionByName(name) !== undefined),
  );
  if (problems.length) throw new DefinitionRefused(problems);
  return { template, machines: [first, ...others] };
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
  /** How many workflow steps run at once (default WORKFLOW_CONCURRENCY). */
  workflowConcurrency?: number;
  /**
   * A DynamoDB Local already running, not in shared-DB mode, to keep the tables in instead of
   * starting one (test files share one Java this way; see test/support/dynamodb-once.ts). The stack
   * reaches it with an access key of its own, derived from `dir`, so each data directory has its
   * own database there, kept across restarts like the one under `dir`.
   */
  sharedDynamoDbEndpoint?: string;
  log?: (line: string) => void;
}

/**
 * Workflow steps running at once. Two keep DynamoDB Local busy between requests; the steps of a
 * burst of submissions queue and run after it, in order (StepScheduler).
 */
export const WORKFLOW_CONCURRENCY = 2;

/**
 * The longest a step waits for the HTTP API to fall idle: a burst of requests goes first, but a
 * load that never pauses still has its receipts sent within seconds.
 */
const STEP_MAX_DEFER_MS = 10_000;

export interface RunningStack {
  baseUrl: string;
  port: number;
  dir: string;
  sesViewerUrl: string;
  /** DynamoDB Local, for tools and benchmarks that seed or inspect data directly. */
  dynamoDbEndpoint: string;
  stateMachineArn: string;
  /** POST /_local/advance */
  advance(to: string): Promise<{ now: string; fired: Fired[] }>;
  stop(): Promise<void>;
}

/** What has been started, stopped in reverse order; a failure while stopping does not stop the rest. */
class Cleanups {
  private readonly steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('[local stack] while stopping:', error);
      }
    }
  }
}

/** Serves the HTTP API and the control paths on 127.0.0.1. */
async function listen(handler: http.RequestListener, port: number): Promise<http.Server> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function close(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = path.resolve(options.dir);
  // Both checks come before --fresh wipes anything.
  const takeDataDir = checkDataDirFree(dir);
  await checkPortFree(options.port);
  const shared = options.sharedDynamoDbEndpoint;
  const accessKeyId = shared ? accessKeyOf(dir) : LOCAL_ACCESS_KEY_ID;
  if (options.fresh) {
    stopLeftoverDynamoDb(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    if (shared) await deleteTables(shared, accessKeyId);
  }
  takeDataDir();
  const cleanups = new Cleanups();
  cleanups.add(() => releaseDataDir(dir));

  try {
    // The clock first: everything after it, handlers included, sees local time.
    const clock = new LocalClock(path.join(dir, 'clock.json'));
    clock.install();
    cleanups.add(() => {
      clock.close();
      clock.uninstall();
    });
    // Before any handler loads: the SDK looks up node:http's request() once.
    const egress = new EgressGate(() => clock.now());
    await egress.start();
    cleanups.add(() => egress.stop());

    // Java takes seconds to start: get it going before the (synchronous) synthesis.
    const dynamoPort = shared ? 0 : await freePort();
    const dynamoDbEndpoint = shared ?? `http://127.0.0.1:${dynamoPort}`;
    const dynamoStarting: Promise<LocalDynamoDb> = shared
      ? Promise.resolve({ endpoint: shared, stop: async () => {} })
      : startDynamoDb({ dir, port: dynamoPort });
    let dynamo: LocalDynamoDb | undefined;
    cleanups.add(async () => (dynamo ?? (await dynamoStarting.catch(() => undefined)))?.stop());

    const port = options.port || (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const { template, machines } = checkTemplate(await options.template(), baseUrl);
    const [machine] = machines;
    for (const key of template.environmentConflicts) {
      log(
        `Warning: functions set ${key} differently; locally they share one process and one value`,
      );
    }

    const ses = await startSes({ dir });
    cleanups.add(() => ses.stop());

    const scheduler = new LocalScheduler(
      template.schedules,
      clock.now(),
      path.join(dir, 'scheduler.json'),
    );
    cleanups.add(() => scheduler.close());
    const functionNames = Object.fromEntries(
      template.functions.map((f) => [f.key, f.functionName]),
    ) as Partial<Record<FunctionName, string>>;
    const lambdas = new LocalLambdas(options.loadHandler ?? importHandler, functionNames);
    const steps = new StepScheduler(
      options.workflowConcurrency ?? WORKFLOW_CONCURRENCY,
      STEP_MAX_DEFER_MS,
    );
    const sfn = new StepFunctionsGroup(
      machines.map(
        (spec, i) =>
          new LocalStepFunctions({
            stateMachineArn: spec.arn,
            stateMachineName: spec.name,
            definition: spec.definition,
            // The first machine keeps the folder it had when the stack ran only one.
            dir: path.join(dir, 'executions', ...(i === 0 ? [] : [spec.name])),
            invoke: (key, payload) => steps.run(() => lambdas.invoke(key, payload)),
            functionByName: template.functionByName,
            now: () => clock.now(),
            addTimer: (at, label, fire) => scheduler.addTimer(at, label, fire),
            log: (m) => log(`[workflow ${spec.name}] ${m}`),
          }),
      ),
    );
    cleanups.add(() => sfn.stop());
    const sfnServer = await startSfnServer(sfn);
    cleanups.add(() => sfnServer.close());

    egress.register('dynamodb', dynamoDbEndpoint);
    egress.register('ses', ses.endpoint);
    egress.register('sfn', sfnServer.endpoint);
    cleanups.add(
      applyEnvironment(
        handlerEnvironment(template, {
          dynamodb: dynamoDbEndpoint,
          ses: ses.endpoint,
          sfn: sfnServer.endpoint,
          accessKeyId,
          publicBaseUrl: baseUrl,
          stateMachineArn: machine.arn,
        }),
      ),
    );

    // Import every handler now (after the environment is set: they read it at load), so a broken
    // one stops the start instead of failing its first request; meanwhile Java starts.
    await lambdas.loadAll([...new Set(template.functions.map((f) => f.key))]);
    dynamo = await dynamoStarting;
    await ensureTables(dynamo.endpoint, template.tables, log, accessKeyId);

    sfn.resumeAll();
    await sfn.waitForIdle(30_000);

    const time = new Timekeeper({
      clock,
      scheduler,
      invoke: (key, payload) => lambdas.invoke(key, payload),
      settle: () => sfn.waitForIdle(),
    });
    time.startTicker();
    cleanups.add(() => time.stop());

    const server = await listen(
      createHttpHandler({
        router: new Router(template.routes),
        invoke: (key, event) => steps.serve(() => lambdas.invoke(key, event)),
        now: () => clock.now(),
        port,
        log,
        control: controlHandler(controlPaths({ clock, ses, sfn, lambdas, egress, time })),
      }),
      port,
    );
    cleanups.add(() => close(server));

    let stopping: Promise<void> | undefined;
    return {
      baseUrl,
      port,
      dir,
      sesViewerUrl: ses.viewerUrl,
      dynamoDbEndpoint,
      stateMachineArn: machine.arn,
      advance: (to) => time.advance(to),
      stop: () => (stopping ??= cleanups.run()),
    };
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}
