// Payment step: tells the municipality that the year is paid; the last year completes the grant.

import { paymentStepInput } from '../../shared/adapters/workflow.js';
import { withLogging } from '../../shared/adapters/logger.js';
import { notifyPaid } from '../../shared/services/payments.js';

const inputSchema = paymentStepInput;

export const handler = withLogging(async (event: unknown): Promise<{ notified: true }> => {
  const input = inputSchema.parse(event);
  await notifyPaid(input);
  return { notified: true };
});
