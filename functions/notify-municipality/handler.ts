// Workflow task: e-mails the municipality a receipt or an outcome (once per application and kind).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { NOTICES, notifyMunicipality } from '../../shared/services/notices.js';

const inputSchema = z.object({ applicationId: z.string().min(1), notice: z.enum(NOTICES) });

export const handler = withLogging(
  async (event: unknown): Promise<{ notice: string; result: string }> => {
    const input = inputSchema.parse(event);
    const result = await notifyMunicipality(input.applicationId, input.notice);
    return { notice: input.notice, result };
  },
);
