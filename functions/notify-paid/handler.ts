// Payment step: tells the municipality that the year is paid; the last year completes the grant.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { notifyPaid } from '../../shared/services/payments.js';

const inputSchema = z.object({
  applicationId: z.string().min(1),
  position: z.number().int().min(1),
  year: z.number().int().min(1),
});

export const handler = withLogging(async (event: unknown): Promise<{ notified: true }> => {
  const input = inputSchema.parse(event);
  await notifyPaid(input);
  return { notified: true };
});
