// Handing a municipality's request to its step (an Express workflow), which mails the answer: the
// web function sends no mail. The input never holds a link token: the step issues its own.

import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import type { StaffActionName } from '../domain/staff-actions.js';
import { municipalityRequestsStateMachineArn } from '../config.js';
import { sfnClient } from './workflow.js';

export type MunicipalityRequest =
  /** A draft was saved: mail its contact a link to it. */
  | { kind: 'draft-saved'; draftId: string }
  /** Someone asked /find for these two: mail the registered contact what they find, if anything. */
  | { kind: 'find'; organisationNumber: string; email: string }
  /** A lead's action on an application was written: send the e-mails it owes (each once). */
  | { kind: 'lead-action'; applicationId: string; action: LeadMailAction }
  /** A municipality declined a grant or positions: the receipt, the lead's and finance's news. */
  | { kind: 'decline'; applicationId: string }
  /** A complaint was filed or answered: the e-mails the case's complaints still owe. */
  | { kind: 'complaint'; applicationId: string };

/** The lead's actions whose e-mails go through this step. */
export const LEAD_MAIL_ACTIONS = [
  'resend-links',
  'replace-reviewer',
  'change-contact',
  'end-grant',
  'hold-instalment',
  'release-instalment',
] as const satisfies readonly StaffActionName[];
export type LeadMailAction = (typeof LEAD_MAIL_ACTIONS)[number];

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
