// SES bounce and complaint events, by EventBridge (the configuration set's event destination):
// marks the address undeliverable and tells whom it concerns (shared/services/bounces.ts).

import * as z from 'zod';
import { withLogging } from '../../shared/adapters/logger.js';
import { type MailEventOutcome, recordMailFeedback } from '../../shared/services/bounces.js';

/** The EventBridge envelope; the service reads SES's event inside it. */
const envelopeSchema = z.object({ detail: z.unknown() });

export const handler = withLogging(
  async (event: unknown): Promise<{ outcomes: MailEventOutcome[] }> => {
    const { detail } = envelopeSchema.parse(event);
    return { outcomes: await recordMailFeedback(detail) };
  },
);
