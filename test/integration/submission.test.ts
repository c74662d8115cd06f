// A municipality applies, through the running local stack: the real template, DynamoDB Local,
// the local SES and the state machine as synthesized.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  FIXTURES,
  advance,
  executions,
  getText,
  mailsMatching,
  postJson,
  statusOf,
  submit,
} from '../support/api.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('POST /applications (JSON)', () => {
  const created: Record<string, { applicationId: string; statusUrl: string }> = {};

  it.each(['alis-nord', 'alis-vest'] as const)(
    'accepts the %s fixture: 201, stored, reviewed, receipt e-mailed',
    async (programme) => {
      const fixture = FIXTURES[programme];
      const response = await submit(stack.baseUrl, fixture);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        applicationId: expect.stringMatching(/^A[NV]-\d{4}-[0-9A-Z]{8}$/),
        // A fresh stack: the contact has not confirmed yet (the submit helper then confirms).
        status: 'AWAITING_CONTACT',
        statusUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/status\//),
      });
      const { applicationId, statusUrl } = response.body;
      created[programme] = { applicationId, statusUrl };

      const status = await statusOf(statusUrl);
      expect(status).toMatchObject({ applicationId, programme });
      expect(['SUBMITTED', 'IN_REVIEW']).toContain(status.status);
      expect(status.history[0]).toMatchObject({ type: 'submitted', by: fixture.contact.email });

      const [receipt] = await mailsMatching(
        stack.baseUrl,
        (m) => m.to.includes(fixture.contact.email) && m.text.includes(applicationId),
        1,
        'receipt',
      );
      expect(receipt!.text).toContain(statusUrl);
      expect(receipt!.html).toContain(statusUrl);
      expect(receipt!.subject).toMatch(/mottatt|kvittering/i);

      const execution = (await executions(stack.baseUrl)).find((e) => e.name === applicationId);
      expect(execution).toMatchObject({ status: 'RUNNING', input: { applicationId, programme } });
    },
  );

  it('returns the first answer to a repeat with the same Idempotency-Key and creates nothing', async () => {
    const first = await submit(stack.baseUrl, FIXTURES['alis-nord'], 'kommune-5607-2026-1');
    const before = (await executions(stack.baseUrl)).length;
    const again = await submit(stack.baseUrl, FIXTURES['alis-nord'], 'kommune-5607-2026-1');

    expect(first.status).toBe(201);
    expect([200, 201]).toContain(again.status);
    expect(again.body).toEqual(first.body);
    expect((await executions(stack.baseUrl)).length).toBe(before);
  });

  it('answers 400 with every field error, in bokmål, and stores nothing', async () => {
    const before = (await executions(stack.baseUrl)).length;
    const invalid = structuredClone(FIXTURES['alis-nord']) as any;
    invalid.supervisor.hoursPerMonth = 1;
    invalid.municipality.organisationNumber = '944496395';
    delete invalid.backupOnCall;

    const response = await submit(stack.baseUrl, invalid);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        {
          path: 'supervisor.hoursPerMonth',
          code: 'supervision-hours',
          message: expect.stringContaining('timer'),
        },
        { path: 'municipality.organisationNumber', code: 'checksum', message: expect.any(String) },
        { path: 'backupOnCall', code: 'required', message: 'Fyll inn feltet.' },
      ]),
    );
    expect((await executions(stack.baseUrl)).length).toBe(before);
  });

  it('answers 400 to malformed JSON, 415 to other content types and 413 above 64 KB', async () => {
    const malformed = await postJson(`${stack.baseUrl}/applications`, '{"programme": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].code).toBe('malformed-json');

    const text = await fetch(`${stack.baseUrl}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hei',
    });
    expect(text.status).toBe(415);

    const huge = { ...FIXTURES['alis-nord'], recruitmentSituation: 'x'.repeat(70 * 1024) };
    const tooLarge = await submit(stack.baseUrl, huge);
    expect(tooLarge.status).toBe(413);
  });

  it('hides the status page without the secret', async () => {
    const { statusUrl, applicationId } = created['alis-nord']!;
    const base = statusUrl.slice(0, statusUrl.lastIndexOf('/') + 1);
    expect((await getText(`${base}${applicationId}`)).status).toBe(404);
    expect((await getText(`${base}${applicationId}.wrong-secret`)).status).toBe(404);
    const page = await getText(statusUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain(applicationId);
  });

  it('keeps applications across a restart of the local stack', async () => {
    const { statusUrl, applicationId } = created['alis-vest']!;
    await stack.restart();
    const status = await statusOf(statusUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, stack.baseUrl));
    expect(status.applicationId).toBe(applicationId);
    expect(status.history.map((e) => e.type)).toContain('submitted');
  });

  it('answers 409 when the round has closed', async () => {
    await advance(stack.baseUrl, '2027-05-02T08:00:00+02:00');
    const response = await submit(stack.baseUrl, FIXTURES['alis-vest']);
    expect(response.status).toBe(409);
    expect(response.body.errors[0]).toMatchObject({ path: 'programme', code: 'round-closed' });
  });
});
