// Review step after an approval: writes the grant and its yearly plan, once per application.

import * as z from 'zod';
import { createGrant } from '../../shared/services/grants.js';

const inputSchema = z.object({ applicationId: z.string().min(1) });

export async function handler(event: unknown): Promise<{ years: number }> {
  const input = inputSchema.parse(event);
  const grant = await createGrant(input.applicationId);
  return { years: grant.years };
}
