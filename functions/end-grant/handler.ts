// Payment step: ends the grant as the confirmation (or its absence) recorded, cancels the
// instalments due after the end, and tells finance, the programme lead and the municipality.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { endGrant } from '../../shared/services/grants.js';

const inputSchema = z.object({ applicationId: z.string().min(1), year: z.number().int().min(1) });

export const handler = withLogging(async (event: unknown): Promise<{ ended: true }> => {
  const input = inputSchema.parse(event);
  await endGrant(input.applicationId, input.year);
  return { ended: true };
});
