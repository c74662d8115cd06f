// Municipality request step: mails a saved draft's link, what /find found for a pair, or what a
// lead's action, a municipality's decline or a complaint owes (the web function sends no mail).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { LEAD_MAIL_ACTIONS } from '../../shared/adapters/municipality-requests.js';
import { WorkflowDataError } from '../../shared/errors.js';
import { mailDraftLink } from '../../shared/services/drafts.js';
import { findAndMail } from '../../shared/services/find.js';
import { mailComplaintNotices } from '../../shared/services/complaints.js';
import { mailDeclineNotices } from '../../shared/services/decline.js';
import { mailLeadAction } from '../../shared/services/staff-action-mail.js';

const inputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('draft-saved'), draftId: z.string().min(1).max(100) }),
  z.object({
    kind: z.literal('find'),
    organisationNumber: z.string().min(1).max(20),
    email: z.string().min(1).max(400),
  }),
  z.object({
    kind: z.literal('lead-action'),
    applicationId: z.string().min(1).max(40),
    action: z.enum(LEAD_MAIL_ACTIONS),
  }),
  z.object({ kind: z.literal('decline'), applicationId: z.string().min(1).max(40) }),
  z.object({ kind: z.literal('complaint'), applicationId: z.string().min(1).max(40) }),
]);

async function handle(request: z.infer<typeof inputSchema>): Promise<string> {
  switch (request.kind) {
    case 'draft-saved':
      return mailDraftLink(request.draftId);
    case 'find':
      return findAndMail(request.organisationNumber, request.email);
    case 'lead-action':
      return mailLeadAction(request.applicationId, request.action);
    case 'decline':
      return mailDeclineNotices(request.applicationId);
    case 'complaint':
      return mailComplaintNotices(request.applicationId);
  }
}

export const handler = withLogging(async (event: unknown): Promise<{ handled: string }> => {
  const input = inputSchema.safeParse(event);
  // Only the web function starts these; anything else is a bug.
  if (!input.success) throw new WorkflowDataError('Municipality request of an unknown shape');
  const request = input.data;
  const handled = await handle(request);
  return { handled };
});
