// Payment step (.waitForTaskToken): asks the municipality to confirm that the ALIS is still in the
// position. The workflow resumes on the answer, or when the daily run ends an unconfirmed grant.

import * as z from 'zod';
import { paymentStepInput } from '../../shared/adapters/workflow.js';
import { withLogging } from '../../shared/adapters/logger.js';
import { requestConfirmation } from '../../shared/services/confirmations.js';

const inputSchema = paymentStepInput.extend({
  year: z.number().int().min(2),
  taskToken: z.string().min(1),
});

export const handler = withLogging(async (event: unknown): Promise<{ requested: true }> => {
  const input = inputSchema.parse(event);
  const { taskToken, ...ref } = input;
  await requestConfirmation(ref, taskToken);
  return { requested: true };
});
