// Workflow task (.waitForTaskToken): opens a review round and e-mails the reviewers their links.
// The workflow resumes when a reviewer decides (POST /decisions/{token}).

import * as z from 'zod';
import { openReviewRound } from '../../shared/services/reviews.js';

const inputSchema = z.object({ applicationId: z.string().min(1), taskToken: z.string().min(1) });

export async function handler(event: unknown): Promise<{ round: number }> {
  const input = inputSchema.parse(event);
  const round = await openReviewRound(input.applicationId, input.taskToken);
  return { round: round.round };
}
