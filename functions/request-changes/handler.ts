// Workflow task (.waitForTaskToken): asks the municipality for changes with a link to amend.
// The workflow resumes on the amendment, or when the daily run withdraws an unanswered request.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { requestChanges } from '../../shared/services/changes.js';

const inputSchema = z.object({
  applicationId: z.string().min(1),
  taskToken: z.string().min(1),
  comment: z.string(),
});

export const handler = withLogging(async (event: unknown): Promise<{ requested: true }> => {
  const input = inputSchema.parse(event);
  await requestChanges(input.applicationId, input.taskToken, input.comment);
  return { requested: true };
});
