// The local fault switch (POST /_local/faults): calls from handlers to a service fail as AWS fails
// them, for a while, and then recover. The fault tests of the application build on it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, mailsMatching, postJson, submit } from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('POST /_local/faults', () => {
  it('makes SES refuse sends for a number of calls, then lets the retried receipt through once', async () => {
    const set = await postJson(`${stack.baseUrl}/_local/faults`, {
      service: 'ses',
      failFor: { calls: 3 },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ service: 'ses', active: true });

    const fixture = FIXTURES['alis-nord'];
    const response = await submit(stack.baseUrl, fixture);
    expect(response.status).toBe(201);
    const { applicationId } = response.body as { applicationId: string };

    // The receipt step's first attempt meets the fault (the SDK's three tries), Step Functions
    // retries it, and the municipality gets one receipt.
    const receipts = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(fixture.contact.email) && m.text.includes(applicationId),
      1,
      'receipt',
    );
    expect(receipts).toHaveLength(1);
    const faults = (await (await fetch(`${stack.baseUrl}/_local/faults`)).json()) as unknown;
    expect(faults).toEqual([{ service: 'ses', active: false, failed: 3, error: 'throttling' }]);
    const usage = (await (await fetch(`${stack.baseUrl}/_local/usage`)).json()) as {
      faultedCalls: Record<string, number>;
    };
    expect(usage.faultedCalls).toEqual({ dynamodb: 0, ses: 3, sfn: 0 });
  });

  it('refuses a fault it cannot set', async () => {
    const refused = await postJson(`${stack.baseUrl}/_local/faults`, {
      service: 's3',
      failFor: { ms: 100 },
    });
    expect(refused.status).toBe(400);
  });
});
