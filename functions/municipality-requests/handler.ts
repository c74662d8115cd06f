// Municipality request step: mails a saved draft's link, what /find found for a pair, or what a
// lead's action on an application owes (the web function sends no mail).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { LEAD_MAIL_ACTIONS } from '../../shared/adapters/municipality-requests.js';
import { WorkflowDataError } from '../../shared/errors.js';
import { mailDraftLink } from '../../shared/services/drafts.js';
import { findAndMail } from '../../shared/services/find.js';
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
]);

export const handler = withLogging(async (event: unknown): Promise<{ handled: string }> => {
  const input = inputSchema.safeParse(event);
  // Only the web function starts these; anything else is a bug.
  if (!input.success) throw new WorkflowDataError('Municipality request of an unknown shape');
  const request = input.data;
  const handled =
    request.kind === 'draft-saved'
      ? await mailDraftLink(request.draftId)
      : request.kind === 'find'
        ? await findAndMail(request.organisationNumber, request.email)
        : await mailLeadAction(request.applicationId, request.action);
  return { handled };
});
