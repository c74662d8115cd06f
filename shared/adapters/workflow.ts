// The workflows in Step Functions (the review, and each year's payment): starting them and
// answering their waiting tasks.

import {
  ExecutionAlreadyExists,
  InvalidToken,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { paymentStateMachineArn, stateMachineArn } from '../config.js';

export const sfnClient = new SFNClient({});

export interface ReviewExecutionInput {
  applicationId: string;
  programme: string;
}

/**
 * Starts the review of an application. The execution is named after the application, so a
 * repeated start (a retried request) finds the running one instead of starting a second.
 */
export async function startReview(
  input: ReviewExecutionInput,
  client: SFNClient = sfnClient,
): Promise<void> {
  try {
    await client.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(),
        name: input.applicationId,
        input: JSON.stringify({ applicationId: input.applicationId, programme: input.programme }),
      }),
    );
  } catch (error) {
    // Same name with the same input is not even an error in AWS; a different input would be a bug
    // upstream, and the existing execution is still the one that counts.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/**
 * Starts one year's payment of a grant. The execution is named by the application and the year, so
 * a second start (a daily run fired twice, a retry) finds the first instead of starting another.
 */
export async function startAnnualPayment(
  input: { applicationId: string; year: number },
  client: SFNClient = sfnClient,
): Promise<void> {
  try {
    await client.send(
      new StartExecutionCommand({
        stateMachineArn: paymentStateMachineArn(),
        name: annualPaymentExecutionName(input.applicationId, input.year),
        input: JSON.stringify({ applicationId: input.applicationId, year: input.year }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

export function annualPaymentExecutionName(applicationId: string, year: number): string {
  return `${applicationId}-y${year}`;
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
