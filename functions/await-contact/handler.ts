// Workflow task (.waitForTaskToken): waits for the contact to confirm the address (the verify link
// in the receipt), or for the daily run to withdraw the application unconfirmed. An address that
// confirmed before answers at once.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { awaitContact } from '../../shared/services/contacts.js';

const inputSchema = z.object({
  applicationId: z.string().min(1),
  taskToken: z.string().min(1),
});

export const handler = withLogging(async (event: unknown): Promise<{ waiting: true }> => {
  const input = inputSchema.parse(event);
  await awaitContact(input.applicationId, input.taskToken);
  return { waiting: true };
});
