// What every lead's action on an application shares (services/staff-actions*.ts): the 409 when
// it does not fit the state, and handing its e-mails to the municipality request step, because
// the web function that writes the action sends no mail (its IAM role has no SES permission).

import {
  type LeadMailAction,
  startMunicipalityRequest,
} from '../adapters/municipality-requests.js';
import { ConflictError } from '../errors.js';

export function actionConflict(code: string, message: string): ConflictError {
  return new ConflictError([{ path: 'action', code, message }]);
}

/**
 * Has the step send what the action owes. Started after the action's write, and again on a
 * repeat (which answers 409): each e-mail goes once (a marker, or the round's `notified`), so a
 * start that failed after the write is made good by the lead's retry.
 */
export async function mailLater(applicationId: string, action: LeadMailAction): Promise<void> {
  await startMunicipalityRequest({ kind: 'lead-action', applicationId, action });
}
