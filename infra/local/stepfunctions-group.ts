// Several state machines behind one local Step Functions endpoint, as one AWS account has them:
// executions are started and listed by their state machine's ARN, described and stopped by their
// own ARN (which names the state machine), and task tokens are answered by the machine that
// handed them out.

import { SfnApiError, type ExecutionRecord, type LocalStepFunctions } from './stepfunctions.js';

/** What the local endpoint, the control paths and the clock need of the local Step Functions. */
export type StepFunctionsService = Pick<
  LocalStepFunctions,
  | 'startExecution'
  | 'describeExecution'
  | 'listExecutions'
  | 'list'
  | 'stopExecution'
  | 'sendTaskSuccess'
  | 'sendTaskFailure'
  | 'sendTaskHeartbeat'
  | 'isIdle'
  | 'waitForIdle'
  | 'resumeAll'
  | 'stop'
  | 'transitions'
>;

export class StepFunctionsGroup implements StepFunctionsService {
  constructor(private readonly machines: readonly LocalStepFunctions[]) {
    if (machines.length === 0) throw new Error('The template has no state machine');
  }

  get transitions(): number {
    return this.machines.reduce((sum, machine) => sum + machine.transitions, 0);
  }

  resumeAll(): void {
    for (const machine of this.machines) machine.resumeAll();
  }

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }) {
    return this.byArn(request.stateMachineArn).startExecution(request);
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string }) {
    return this.byArn(request.stateMachineArn).listExecutions(request);
  }

  describeExecution(request: { executionArn?: string }): ExecutionRecord {
    return this.byExecution(request.executionArn).describeExecution(request);
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }) {
    return this.byExecution(request.executionArn).stopExecution(request);
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): void {
    this.byToken(request.taskToken).sendTaskSuccess(request);
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): void {
    this.byToken(request.taskToken).sendTaskFailure(request);
  }

  sendTaskHeartbeat(request: { taskToken?: string }): void {
    this.byToken(request.taskToken).sendTaskHeartbeat(request);
  }

  /** Every execution of every machine, oldest first. */
  list(): ExecutionRecord[] {
    return this.machines.flatMap((m) => m.list()).sort((a, b) => a.startDate - b.startDate);
  }

  isIdle(): boolean {
    return this.machines.every((m) => m.isIdle());
  }

  /** Resolves once every machine is idle at the same time (one's step may start another's). */
  async waitForIdle(timeoutMs = Infinity): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      const settled = await Promise.all(this.machines.map((m) => m.waitForIdle(Math.max(left, 0))));
      if (!settled.every(Boolean)) return false;
      if (this.isIdle()) return true;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.machines.map((m) => m.stop()));
  }

  private byArn(arn: string | undefined): LocalStepFunctions {
    const machine = this.machines.find((m) => m.stateMachineArn === arn);
    if (!machine) {
      throw new SfnApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(arn)}'`,
      );
    }
    return machine;
  }

  /** arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName> */
  private byExecution(arn: string | undefined): LocalStepFunctions {
    const machineName = typeof arn === 'string' ? arn.split(':').at(-2) : undefined;
    const machine = this.machines.find((m) => m.stateMachineName === machineName);
    if (!machine) {
      throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    }
    return machine;
  }

  /** The machine that handed out the token; an unknown token gets the first one's answer to it. */
  private byToken(token: string | undefined): LocalStepFunctions {
    return this.machines.find((m) => m.knowsToken(token)) ?? this.machines[0]!;
  }
}
