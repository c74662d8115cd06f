// Vitest global setup of the integration and browser projects: what every file's local stack
// needs, prepared once before their files start and side by side, since synthesis keeps this
// process busy while Java starts in its own: the template (synthesize-once.ts) and the one
// DynamoDB Local (dynamodb-once.ts).

import startSharedDynamoDb from './dynamodb-once.js';
import synthesizeOnce from './synthesize-once.js';

export default async function setup(): Promise<() => Promise<void>> {
  const [synthesized, dynamo] = await Promise.allSettled([synthesizeOnce(), startSharedDynamoDb()]);
  if (dynamo.status === 'rejected') throw dynamo.reason;
  if (synthesized.status === 'rejected') {
    await dynamo.value();
    throw synthesized.reason;
  }
  return dynamo.value;
}
