// Review step after an approval: writes the grant and its yearly plan, once per application.

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { createGrant } from '../../shared/services/grants.js';

const inputSchema = z.object({ applicationId: z.string().min(1) });

export const handler = withLogging(async (event: unknown): Promise<{ years: number }> => {
  const input = inputSchema.parse(event);
  const grant = await createGrant(input.applicationId);
  return { years: grant.years };
});
