// Handing a municipality's request to its step (an Express workflow), which mails the answer: the
// web function sends no mail. The input never holds a link token: the step issues its own.

import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { municipalityRequestsStateMachineArn } from '../config.js';
import { sfnClient } from './workflow.js';

export type MunicipalityRequest =
  /** A draft was saved: mail its contact a link to it. */
  | { kind: 'draft-saved'; draftId: string }
  /** Someone asked /find for these two: mail the registered contact what they find, if anything. */
  | { kind: 'find'; organisationNumber: string; email: string };

/** Starts the handling of a request; answers as soon as it is accepted. */
export async function startMunicipalityRequest(
  request: MunicipalityRequest,
  client: SFNClient = sfnClient,
): Promise<void> {
  await client.send(
    new StartExecutionCommand({
      stateMachineArn: municipalityRequestsStateMachineArn(),
      name: randomUUID(),
      input: JSON.stringify(request),
    }),
  );
}
