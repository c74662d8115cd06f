// Workflow task (.waitForTaskToken): opens a review round and e-mails the reviewers their links.
// The workflow resumes when a reviewer decides (POST /decisions/{token}).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { openReviewRound } from '../../shared/services/reviews.js';

const inputSchema = z.object({ applicationId: z.string().min(1), taskToken: z.string().min(1) });

export const handler = withLogging(
  async (event: unknown): Promise<{ round: number } | { withdrawn: true }> => {
    const input = inputSchema.parse(event);
    const round = await openReviewRound(input.applicationId, input.taskToken);
    return round === 'withdrawn' ? { withdrawn: true } : { round: round.round };
  },
);
