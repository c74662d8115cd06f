// The e-mails a lead's action on an application owes, sent by the municipality request step
// (functions/municipality-requests), which may send mail; the web function that wrote the action
// may not. Each reads the state the action left and sends what is not yet sent, so a retried step
// or a repeated action sends nothing twice.

import type { LeadMailAction } from '../adapters/municipality-requests.js';
import { announceContactChange } from './staff-actions-contact.js';
import { announceLeadEnds, announceLeadHolds } from './staff-actions-grant.js';
import { mailRoundReviewers } from './staff-actions-reviewers.js';

export async function mailLeadAction(
  applicationId: string,
  action: LeadMailAction,
  now = new Date(),
): Promise<string> {
  switch (action) {
    case 'resend-links':
    case 'replace-reviewer':
      return mailRoundReviewers(applicationId, now);
    case 'change-contact':
      return announceContactChange(applicationId, now);
    case 'end-grant':
      return announceLeadEnds(applicationId, now);
    case 'hold-instalment':
    case 'release-instalment':
      return announceLeadHolds(applicationId, now);
  }
}
