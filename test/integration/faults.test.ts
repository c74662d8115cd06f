// Faults injected through the local stack's switch (POST /_local/faults): SES, DynamoDB and Step
// Functions each fail for a while and then recover. For each: nothing lost (receipt, review
// requests, the decision's e-mail all arrive), nothing duplicated (each exactly once), the
// application reaches its end, and the status page tells the truth. The local clock is advanced
// to fire the daily run where the recovery is its work.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  advance,
  eventually,
  linksIn,
  localNow,
  mail,
  mailsMatching,
  postForm,
  postJson,
  statusOf,
  submit,
} from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';
import { seedContact } from '../support/local-table.js';

const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

let counter = 0;
function body() {
  const application = structuredClone(FIXTURES['alis-nord']) as any;
  application.municipality.municipalityNumber = ['5601', '5603', '5605', '5607'][counter % 4];
  application.contact.email = `feil${++counter}@kommune.example.no`;
  return application;
}

async function fault(service: 'ses' | 'dynamodb' | 'sfn', calls: number) {
  const set = await postJson(`${stack.baseUrl}/_local/faults`, { service, failFor: { calls } });
  expect(set.status).toBe(200);
}

/** Posts with one Idempotency-Key until the answer is not a server error, as a client would. */
async function submitRetrying(application: unknown, key: string) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await submit(stack.baseUrl, application, key);
    if (response.status < 500) return response;
  }
  throw new Error('no answer but server errors');
}

async function mailsAbout(applicationId: string) {
  return (await mail(stack.baseUrl)).filter((m) => m.text.includes(applicationId));
}

/** Review requests arrive, one per reviewer; a reviewer approves; the municipality hears once. */
async function reviewToTheEnd(applicationId: string, contact: string, statusUrl: string) {
  const requests = await mailsMatching(
    stack.baseUrl,
    (m) => REVIEWERS.includes(m.to[0]!) && m.text.includes(applicationId),
    2,
    'review requests',
  );
  const [link] = linksIn(requests[0]!, 'decisions');
  expect((await postForm(link!, { decision: 'approve', comment: '' })).status).toBe(200);
  await mailsMatching(
    stack.baseUrl,
    (m) => m.to[0] === contact && m.subject.includes('godkjent'),
    1,
    'approval',
  );
  const view = await eventually(async () => {
    const status = await statusOf(statusUrl);
    // The grant is written right after the approval, and the status follows it to ACTIVE.
    return ['APPROVED', 'ACTIVE'].includes(status.status) ? status : undefined;
  }, 'status APPROVED');
  expect(['APPROVED', 'ACTIVE']).toContain(view.status);

  // Exactly once each: a receipt, a request per reviewer, an approval.
  const mails = await mailsAbout(applicationId);
  const to = (address: string) => mails.filter((m) => m.to[0] === address);
  expect(to(contact).map((m) => m.subject)).toEqual([
    expect.stringContaining('Kvittering'),
    expect.stringContaining('godkjent'),
  ]);
  for (const reviewer of REVIEWERS) expect(to(reviewer)).toHaveLength(1);
}

describe('faults injected, then recovered', () => {
  it('SES refusing sends for a while: every e-mail arrives once, the review ends approved', async () => {
    await fault('ses', 5);
    const application = body();
    const response = await submit(stack.baseUrl, application, 'ses-1');
    expect(response.status).toBe(201);
    const { applicationId, statusUrl } = response.body as Record<string, string>;
    await reviewToTheEnd(applicationId!, application.contact.email, statusUrl!);
  });

  it('DynamoDB refusing calls for a while: a client retrying with its key makes one application', async () => {
    await fault('dynamodb', 6);
    const application = body();
    const response = await submitRetrying(application, 'ddb-1');
    expect([200, 201]).toContain(response.status);
    const again = await submit(stack.baseUrl, application, 'ddb-1');
    expect(again.status).toBe(200);
    const { applicationId, statusUrl } = response.body as Record<string, string>;
    expect((again.body as Record<string, string>).applicationId).toBe(applicationId);
    await reviewToTheEnd(applicationId!, application.contact.email, statusUrl!);
  });

  it('Step Functions refusing the start: the written application answers 201, and the daily run starts it', async () => {
    // Every try of the SDK's StartExecution fails, so the workflow does not start with the request.
    const application = body();
    // Confirmed before, so the daily run's start leads straight to the review.
    await seedContact(stack, 'alis-nord', application.contact.email, { confirmed: true });
    await fault('sfn', 3);
    const response = await submit(stack.baseUrl, application, 'sfn-1');
    expect(response.status).toBe(201);
    const { applicationId, statusUrl } = response.body as Record<string, string>;
    expect((await statusOf(statusUrl!)).status).toBe('SUBMITTED');
    expect(await mailsAbout(applicationId!)).toEqual([]);

    // The next daily run (06:00 in Oslo) finds the start timer and starts the review.
    const now = await localNow(stack.baseUrl);
    await advance(stack.baseUrl, new Date(now.getTime() + 26 * 3600_000));
    await reviewToTheEnd(applicationId!, application.contact.email, statusUrl!);
  });
});
