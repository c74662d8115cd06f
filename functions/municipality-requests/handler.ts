// Municipality request step: mails a saved draft's link, or what /find found for a pair.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { WorkflowDataError } from '../../shared/errors.js';
import { mailDraftLink } from '../../shared/services/drafts.js';
import { findAndMail } from '../../shared/services/find.js';

const inputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('draft-saved'), draftId: z.string().min(1).max(100) }),
  z.object({
    kind: z.literal('find'),
    organisationNumber: z.string().min(1).max(20),
    email: z.string().min(1).max(400),
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
      : await findAndMail(request.organisationNumber, request.email);
  return { handled };
});
