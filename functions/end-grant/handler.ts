// Payment step: ends the position as the confirmation (or its absence) recorded (and the grant once
// no position runs), cancels the position's instalments due after the end, and tells finance, the programme lead and the municipality.

import { paymentStepInput } from '../../shared/adapters/workflow.js';
import { withLogging } from '../../shared/adapters/logger.js';
import { endPosition } from '../../shared/services/grants.js';

const inputSchema = paymentStepInput;

export const handler = withLogging(async (event: unknown): Promise<{ ended: true }> => {
  const input = inputSchema.parse(event);
  await endPosition(input);
  return { ended: true };
});
