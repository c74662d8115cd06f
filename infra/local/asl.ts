// What the local runner (aws-local-stepfunctions) can run, and the small rewrites that make a
// definition run locally as it does in AWS: task tokens, time-outs on the local clock, Wait states
// that follow the local clock.

import type { State, StateMachineDefinition } from './template.js';

/** Resource the local stack gives Wait states, so that they wait on the local clock. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

/**
 * The runner arms a real setTimeout per Task (default 60 s). Node's timers overflow above 2^31-1 ms,
 * so "indefinitely" is the largest value that does not: ~24.8 days of real time.
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export type TaskKind = 'lambda' | 'lambdaInvoke' | 'lambdaInvokeWait' | 'wait';

export interface TaskInfo {
  kind: TaskKind;
  /** The Lambda named statically in the definition, if it is. */
  functionName?: string;
  /** For waitForTaskToken tasks: the limits enforced on the local clock. */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The state's Retry rules, which the local stack times on the local clock. */
  retry?: Retrier[];
}

/** One Retry rule of a Task state, with ASL's defaults filled in. */
export interface Retrier {
  errors: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
}

/**
 * How long to wait before the next attempt of a Task, as Step Functions would, given the errors
 * its attempts so far ended with (oldest first; the last is the one just met). Undefined when no
 * rule retries it: the error goes to the state's Catch, or fails the execution. Each rule counts its
 * own attempts, as in ASL; a rule matches by name, `States.ALL`, or `States.TaskFailed` (any error
 * but a time-out).
 */
export function retryDelaySeconds(retry: Retrier[], errors: string[]): number | undefined {
  const matching = (error: string) =>
    retry.findIndex(
      (rule) =>
        rule.errors.includes(error) ||
        rule.errors.includes('States.ALL') ||
        (rule.errors.includes('States.TaskFailed') && error !== 'States.Timeout'),
    );
  const last = errors.at(-1);
  if (last === undefined) return undefined;
  const index = matching(last);
  if (index < 0) return undefined;
  const rule = retry[index]!;
  const attempts = errors.filter((error) => matching(error) === index).length;
  if (attempts > rule.maxAttempts) return undefined;
  const delay = rule.intervalSeconds * rule.backoffRate ** (attempts - 1);
  return rule.maxDelaySeconds === undefined ? delay : Math.min(delay, rule.maxDelaySeconds);
}

function retriersOf(state: State): Retrier[] | undefined {
  const rules = state.Retry as Record<string, unknown>[] | undefined;
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  return rules.map((rule) => ({
    errors: (rule.ErrorEquals as string[] | undefined) ?? [],
    intervalSeconds: typeof rule.IntervalSeconds === 'number' ? rule.IntervalSeconds : 1,
    maxAttempts: typeof rule.MaxAttempts === 'number' ? rule.MaxAttempts : 3,
    backoffRate: typeof rule.BackoffRate === 'number' ? rule.BackoffRate : 2,
    ...(typeof rule.MaxDelaySeconds === 'number' && { maxDelaySeconds: rule.MaxDelaySeconds }),
  }));
}

type Visitor = (name: string, state: State, path: string) => void;

/** Visits every state, including those inside Map iterators and Parallel branches. */
export function forEachState(
  definition: { States: Record<string, State> },
  visit: Visitor,
  path = '',
): void {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    const here = path ? `${path} › ${name}` : name;
    visit(name, state, here);
    const processor = (state.ItemProcessor ?? state.Iterator) as
      | { States: Record<string, State> }
      | undefined;
    if (processor) forEachState(processor, visit, here);
    for (const branch of (state.Branches ?? []) as { States: Record<string, State> }[])
      forEachState(branch, visit, here);
  }
}

function taskKind(resource: string): TaskKind | undefined {
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource)) return 'lambda';
  switch (resource.replace(/^arn:[^:]+:states:::/, 'states:::')) {
    case 'states:::lambda:invoke':
      return 'lambdaInvoke';
    case 'states:::lambda:invoke.waitForTaskToken':
      return 'lambdaInvokeWait';
    case 'states:::local:wait':
      return 'wait';
    default:
      return undefined;
  }
}

/**
 * Everything in the definition the local runner cannot run faithfully. aws-local-stepfunctions
 * silently ignores JSONata, Assign, Distributed Map and tolerated failures, which would make the
 * local stack behave differently from AWS without anyone noticing; so the local stack refuses them.
 */
export function unsupportedFeatures(
  definition: StateMachineDefinition,
  isOurFunction: (nameOrArn: string) => boolean,
): string[] {
  const problems: string[] = [];
  if (definition.QueryLanguage === 'JSONata') problems.push('QueryLanguage JSONata (top level)');
  forEachState(definition, (_name, state, path) => {
    const at = `state "${path}"`;
    if (state.QueryLanguage === 'JSONata') problems.push(`QueryLanguage JSONata in ${at}`);
    if ('Arguments' in state || 'Output' in state)
      problems.push(`JSONata fields Arguments/Output in ${at}`);
    if ('Assign' in state) problems.push(`Assign (variables) in ${at}`);
    for (const rule of [
      ...((state.Choices ?? []) as object[]),
      ...((state.Catch ?? []) as object[]),
    ]) {
      if ('Assign' in rule) problems.push(`Assign (variables) in a Choice or Catch rule of ${at}`);
    }
    if (state.Type === 'Map') {
      const mode = (state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)
        ?.ProcessorConfig?.Mode;
      if (
        'ItemReader' in state ||
        'ItemBatcher' in state ||
        'ResultWriter' in state ||
        mode === 'DISTRIBUTED'
      ) {
        problems.push(`Distributed Map (ItemReader/ItemBatcher/ResultWriter) in ${at}`);
      }
      for (const key of [
        'ToleratedFailurePercentage',
        'ToleratedFailurePercentagePath',
        'ToleratedFailureCount',
        'ToleratedFailureCountPath',
      ]) {
        if (key in state) problems.push(`${key} in ${at}`);
      }
    }
    if (state.Type === 'Task') {
      const resource = String(state.Resource);
      const kind = taskKind(resource);
      if (!kind || kind === 'wait') {
        problems.push(
          `Task resource ${resource} in ${at} (the local stack runs Lambda tasks only)`,
        );
      } else if (kind === 'lambda' && !isOurFunction(resource)) {
        problems.push(
          `Task in ${at} calls ${resource}, which is not one of the functions in infra/functions.ts`,
        );
      } else if (kind !== 'lambda') {
        const fn = (state.Parameters as Record<string, unknown> | undefined)?.FunctionName;
        if (typeof fn === 'string' && !isOurFunction(fn)) {
          problems.push(
            `Task in ${at} calls ${fn}, which is not one of the functions in infra/functions.ts`,
          );
        }
      }
      if ('TimeoutSecondsPath' in state || 'HeartbeatSecondsPath' in state) {
        problems.push(`TimeoutSecondsPath/HeartbeatSecondsPath in ${at} (use fixed values)`);
      }
    }
  });
  return problems;
}

export interface PreparedDefinition {
  definition: StateMachineDefinition;
  /** Every Task state of the prepared definition by name (state names are unique in ASL). */
  tasks: Map<string, TaskInfo>;
}

/**
 * Rewrites a (checked) definition for the runner:
 * - Wait states become Tasks on LOCAL_WAIT_RESOURCE, so they end when the local clock says so;
 * - waitForTaskToken tasks get the largest timer the runner can arm, because their real limits
 *   (TimeoutSeconds, HeartbeatSeconds) are kept on the local clock by the local stack;
 * - other tasks without TimeoutSeconds lose the runner's 60 s default (AWS has none).
 */
export function prepareDefinition(original: StateMachineDefinition): PreparedDefinition {
  const definition = structuredClone(original);
  const tasks = new Map<string, TaskInfo>();
  forEachState(definition, (name, state) => {
    if (state.Type === 'Wait') {
      const parameters: Record<string, unknown> = { 'input.$': '$' };
      if ('Seconds' in state) parameters.seconds = state.Seconds;
      if ('Timestamp' in state) parameters.timestamp = state.Timestamp;
      if ('SecondsPath' in state) parameters['seconds.$'] = state.SecondsPath;
      if ('TimestampPath' in state) parameters['timestamp.$'] = state.TimestampPath;
      for (const key of ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']) delete state[key];
      Object.assign(state, {
        Type: 'Task',
        Resource: LOCAL_WAIT_RESOURCE,
        Parameters: parameters,
        TimeoutSeconds: MAX_TIMER_SECONDS,
      });
      tasks.set(name, { kind: 'wait' });
      return;
    }
    if (state.Type !== 'Task') return;
    const kind = taskKind(String(state.Resource));
    if (!kind) return;
    const info: TaskInfo = { kind };
    const retry = retriersOf(state);
    if (retry) info.retry = retry;
    if (kind === 'lambda') info.functionName = String(state.Resource);
    const fn = (state.Parameters as Record<string, unknown> | undefined)?.FunctionName;
    if (typeof fn === 'string') info.functionName = fn;
    if (kind === 'lambdaInvokeWait') {
      if (typeof state.TimeoutSeconds === 'number') info.timeoutSeconds = state.TimeoutSeconds;
      if (typeof state.HeartbeatSeconds === 'number')
        info.heartbeatSeconds = state.HeartbeatSeconds;
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
    } else if (!('TimeoutSecondsPath' in state)) {
      state.TimeoutSeconds = Math.min(
        typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : Infinity,
        MAX_TIMER_SECONDS,
      );
    }
    delete state.HeartbeatSeconds;
    tasks.set(name, info);
  });
  return { definition, tasks };
}
