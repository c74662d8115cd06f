// Workflow step, reached by the Catch of every task of both state machines once its retries are
// spent: records the stop, so that the daily run resumes the workflow.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { recordStop } from '../../shared/services/resume.js';

const inputSchema = z.object({
  applicationId: z.string().min(1),
  position: z.number().int().min(1).optional(),
  year: z.number().int().min(1).optional(),
  executionName: z.string().min(1),
  // What the Catch caught: {Error, Cause}.
  stopped: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

export const handler = withLogging(async (event: unknown): Promise<{ recorded: true }> => {
  const input = inputSchema.parse(event);
  await recordStop({
    applicationId: input.applicationId,
    ...(input.position !== undefined && { position: input.position }),
    ...(input.year !== undefined && { year: input.year }),
    executionName: input.executionName,
    error: input.stopped.Error,
    cause: input.stopped.Cause,
  });
  return { recorded: true };
});
