// The fault switch as a handler's SDK client meets it: the error AWS would answer, for as long as
// the fault lasts on the local clock, and only for calls made inside an invocation.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';

import { EgressGate, invocationContext, parseFaultRequest } from '../../../infra/local/egress.js';
import { startSes, type LocalSes } from '../../../infra/local/ses.js';

describe('local faults', () => {
  let ses: LocalSes | undefined;
  let gate: EgressGate | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await ses?.stop();
    await gate?.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails SES sends from handlers with throttling until the local clock passes the fault', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-faults-'));
    dirs.push(dir);
    const clock = { now: 1_000_000 };
    gate = new EgressGate(() => clock.now);
    await gate.start();
    ses = await startSes({ dir });
    gate.register('ses', ses.endpoint);
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const send = () =>
      invocationContext.run({ deadline: performance.now() + 60_000, timedOut: false }, () =>
        client.send(
          new SendEmailCommand({
            FromEmailAddress: 'no-reply@alis.example.no',
            Destination: { ToAddresses: ['a@example.no'] },
            Content: { Simple: { Subject: { Data: 'Test' }, Body: { Text: { Data: 'x' } } } },
          }),
        ),
      );

    gate.setFault(parseFaultRequest({ service: 'ses', failFor: { ms: 60_000 } }));
    await expect(send()).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    gate.setFault(
      parseFaultRequest({ service: 'ses', failFor: { ms: 60_000 }, error: 'unavailable' }),
    );
    await expect(send()).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    expect(ses.mail()).toHaveLength(0);

    clock.now += 60_000;
    await send();
    expect(ses.mail()).toHaveLength(1);
    expect(gate.listFaults()).toEqual([
      { service: 'ses', active: false, failed: 1, error: 'unavailable' },
    ]);
    client.destroy();
  });

  it('refuses the SES calls of a function whose role may not send mail, as IAM does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-faults-'));
    dirs.push(dir);
    gate = new EgressGate(() => 1_000_000);
    await gate.start();
    ses = await startSes({ dir });
    gate.register('ses', ses.endpoint);
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const send = (maySendMail: boolean) =>
      invocationContext.run(
        { deadline: performance.now() + 60_000, timedOut: false, maySendMail },
        () =>
          client.send(
            new SendEmailCommand({
              FromEmailAddress: 'no-reply@alis.example.no',
              Destination: { ToAddresses: ['a@example.no'] },
              Content: { Simple: { Subject: { Data: 'Test' }, Body: { Text: { Data: 'x' } } } },
            }),
          ),
      );
    await expect(send(false)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    expect(ses.mail()).toHaveLength(0);
    expect(gate.counts.refused).toBe(1);
    await send(true);
    expect(ses.mail()).toHaveLength(1);
    client.destroy();
  });

  it('a crash lets the n-th SES call through and freezes the invocation that made it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-faults-'));
    dirs.push(dir);
    gate = new EgressGate(() => 0);
    await gate.start();
    ses = await startSes({ dir });
    gate.register('ses', ses.endpoint);
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const send = () =>
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@alis.example.no',
          Destination: { ToAddresses: ['a@example.no'] },
          Content: { Simple: { Subject: { Data: 'Test' }, Body: { Text: { Data: 'x' } } } },
        }),
      );
    const invocation = () => ({ deadline: performance.now() + 60_000, timedOut: false });

    gate.setFault(parseFaultRequest({ service: 'ses', crashAfter: { calls: 2 } }));
    await invocationContext.run(invocation(), send);
    await invocationContext.run(invocation(), async () => {
      await send();
      // SES took the second e-mail; the invocation is gone before its next call.
      await expect(send()).rejects.toMatchObject({ name: 'SandboxFrozen' });
    });
    expect(ses.mail()).toHaveLength(2);
    // Another invocation, and the crash is spent.
    await invocationContext.run(invocation(), send);
    expect(ses.mail()).toHaveLength(3);
    expect(gate.listFaults()).toEqual([
      { service: 'ses', active: false, failed: 1, error: 'crash' },
    ]);
    client.destroy();
  });

  it('refuses what is not a fault', () => {
    expect(() => parseFaultRequest({ service: 'ses', crashAfter: { calls: 0 } })).toThrow(
      /crashAfter/,
    );
    expect(() => parseFaultRequest({ service: 's3', failFor: { calls: 1 } })).toThrow(/service/);
    expect(() => parseFaultRequest({ service: 'ses', failFor: { calls: -1 } })).toThrow(/failFor/);
    expect(() => parseFaultRequest({ service: 'ses', failFor: { ms: 5 }, error: 'x' })).toThrow(
      /error/,
    );
  });
});
