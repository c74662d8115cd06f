// The workflows in Step Functions (the review, and each year's payment): starting them and
// answering their waiting tasks.

import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { paymentStateMachineArn, stateMachineArn } from '../config.js';

export const sfnClient = new SFNClient({});

export interface ReviewExecutionInput {
  applicationId: string;
  programme: string;
  /** The execution's name: the application's id, or a resume's `<id>-r<n>`. */
  name?: string;
}

/**
 * Starts the review of an application. The execution is named after the application, so a
 * repeated start (a retried request) finds the running one instead of starting a second.
 */
export async function startReview(
  input: ReviewExecutionInput,
  client: SFNClient = sfnClient,
): Promise<'started' | 'already-exists'> {
  try {
    await client.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(),
        name: input.name ?? input.applicationId,
        input: JSON.stringify({ applicationId: input.applicationId, programme: input.programme }),
      }),
    );
    return 'started';
  } catch (error) {
    // Same name with the same input is not even an error in AWS; a different input would be a bug
    // upstream, and the existing execution is still the one that counts. AWS answers the same for
    // a failed execution, though: a caller that must know it runs asks reviewExecutionStatus.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return 'already-exists';
  }
}

// ---- Review executions: their names and status (the daily run's checks, resuming) ----

/** The name of an application's review execution: its id, and `-r<n>` after the n-th resume. */
export function reviewExecutionName(applicationId: string, resumes = 0): string {
  return resumes > 0 ? `${applicationId}-r${resumes}` : applicationId;
}

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | 'MISSING';

/** Whether the review execution of that name still runs, ended well, or stopped ('MISSING': none). */
export async function reviewExecutionStatus(
  name: string,
  client: SFNClient = sfnClient,
): Promise<ExecutionStatus> {
  return executionStatus(stateMachineArn(), name, client);
}

/** The same for an execution of the payment state machine. */
export async function paymentExecutionStatus(
  name: string,
  client: SFNClient = sfnClient,
): Promise<ExecutionStatus> {
  return executionStatus(paymentStateMachineArn(), name, client);
}

async function executionStatus(
  machineArn: string,
  name: string,
  client: SFNClient,
): Promise<ExecutionStatus> {
  // An execution's ARN is its state machine's with "execution" for "stateMachine" and its name.
  const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  try {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    return (described.status ?? 'MISSING') as ExecutionStatus;
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return 'MISSING';
    throw error;
  }
}

/** Running or done: anything else means nobody will carry the application further. */
export function isAlive(status: ExecutionStatus): boolean {
  return status === 'RUNNING' || status === 'SUCCEEDED';
}

/**
 * Starts one position-year's payment of a grant. The execution is named by the application, the
 * position and the year, so
 * a second start (a daily run fired twice, a retry) finds the first instead of starting another.
 */
export async function startAnnualPayment(
  input: {
    applicationId: string;
    position: number;
    year: number;
    /** A resume's name; else the first. */
    name?: string;
  },
  client: SFNClient = sfnClient,
): Promise<'started' | 'already-exists'> {
  try {
    await client.send(
      new StartExecutionCommand({
        stateMachineArn: paymentStateMachineArn(),
        name: input.name ?? annualPaymentExecutionName(input),
        input: JSON.stringify({
          applicationId: input.applicationId,
          position: input.position,
          year: input.year,
        }),
      }),
    );
    return 'started';
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return 'already-exists';
  }
}

/**
 * A payment step's input, as the state machine hands it on from the execution's input. An
 * execution started before positions had plans of their own has no `position` in its input (and
 * its definition passes none on): it pays position 1, whose keys and execution names it already
 * has, so it continues where it stood.
 */
export const paymentStepInput = z.object({
  applicationId: z.string().min(1),
  position: z.number().int().min(1).default(1),
  year: z.number().int().min(1),
});

/**
 * The name of a position-year's payment execution: `<id>-y<year>` for position 1 (the name it had
 * before positions had plans), `<id>-p<position>-y<year>` for the others, and `-r<n>` after the
 * n-th resume.
 */
export function annualPaymentExecutionName(
  ref: { applicationId: string; position: number; year: number },
  resumes = 0,
): string {
  const { applicationId, position, year } = ref;
  const first =
    position === 1 ? `${applicationId}-y${year}` : `${applicationId}-p${position}-y${year}`;
  return resumes > 0 ? `${first}-r${resumes}` : first;
}

/** How many resumes an execution's name says came before it (`-r<n>`; 0 for the first). */
export function resumesOf(executionName: string): number {
  const match = /-r(\d+)$/.exec(executionName);
  return match ? Number(match[1]) : 0;
}

export type ResumeResult = 'resumed' | 'already-resumed';

/**
 * Hands a waiting task its result. A token that is no longer waiting means an earlier attempt
 * already resumed it (or the execution ended), so that is success for an idempotent caller.
 */
export async function resumeTask(
  taskToken: string,
  output: object,
  client: SFNClient = sfnClient,
): Promise<ResumeResult> {
  try {
    await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return 'resumed';
  } catch (error) {
    if (
      error instanceof TaskDoesNotExist ||
      error instanceof TaskTimedOut ||
      error instanceof InvalidToken
    ) {
      return 'already-resumed';
    }
    throw error;
  }
}
