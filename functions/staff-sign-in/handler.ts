// Sign-in request step: mails a sign-in link if the address is staff (at most one a minute).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { WorkflowDataError } from '../../shared/errors.js';
import { sendSignInLink } from '../../shared/services/staff-auth.js';

const inputSchema = z.object({ email: z.string().min(1).max(400) });

export const handler = withLogging(async (event: unknown): Promise<{ handled: true }> => {
  const input = inputSchema.safeParse(event);
  // Only the web function starts these, with an address; anything else is a bug, not an address.
  if (!input.success) throw new WorkflowDataError('Sign-in request without an address');
  await sendSignInLink(input.data.email);
  return { handled: true };
});
