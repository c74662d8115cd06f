// Handing a staff sign-in request to its step (the sign-in state machine, an Express workflow).

import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { signInStateMachineArn } from '../config.js';
import { sfnClient } from './workflow.js';

/** Starts the handling of a sign-in request; answers as soon as it is accepted, whoever asked. */
export async function startSignInRequest(
  email: string,
  client: SFNClient = sfnClient,
): Promise<void> {
  await client.send(
    new StartExecutionCommand({
      stateMachineArn: signInStateMachineArn(),
      // Every request its own execution: two in a minute are told apart by the step's limit.
      name: randomUUID(),
      input: JSON.stringify({ email }),
    }),
  );
}
