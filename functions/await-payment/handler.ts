// Payment step (.waitForTaskToken): the year's instalment is ready. The daily run puts it in the
// programme's finance notification; the workflow resumes when finance records the payment.

import * as z from 'zod';
import { paymentStepInput } from '../../shared/adapters/workflow.js';
import { withLogging } from '../../shared/adapters/logger.js';
import { awaitPayment } from '../../shared/services/payments.js';

const inputSchema = paymentStepInput.extend({ taskToken: z.string().min(1) });

export const handler = withLogging(async (event: unknown): Promise<{ ready: true }> => {
  const input = inputSchema.parse(event);
  const { taskToken, ...ref } = input;
  await awaitPayment(ref, taskToken);
  return { ready: true };
});
