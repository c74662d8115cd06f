// A function that overruns its time limit, as AWS treats it: its sandbox is frozen, so what it does
// afterwards never reaches a service, and its retry does the work once.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createClock } from '@sinonjs/fake-timers';
import { afterEach, describe, expect, it } from 'vitest';

import { EgressGate } from '../../../infra/local/egress.js';
import { LocalLambdas, type Handler, type LimitClock } from '../../../infra/local/lambda.js';
import { startSes, type LocalSes } from '../../../infra/local/ses.js';

describe('a local Lambda past its time limit', () => {
  let ses: LocalSes | undefined;
  let gate: EgressGate | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await ses?.stop();
    await gate?.stop();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing after the limit, so the retry sends the receipt once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-overrun-'));
    dirs.push(dir);
    gate = new EgressGate(() => Date.now());
    await gate.start();
    ses = await startSes({ dir });
    gate.register('ses', ses.endpoint);
    const endpoint = ses.endpoint;
    // Created once, as a handler module creates its client at load.
    const client = new SESv2Client({
      endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    let release!: () => void;
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const lateSend: { error?: unknown } = {};
    const handler: Handler = async () => {
      const attempt = ++calls;
      // The first attempt stalls past its limit (a slow dependency, a busy machine).
      if (attempt === 1) await stuck;
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: 'no-reply@alis.example.no',
            Destination: { ToAddresses: ['postmottak@kommune.example.no'] },
            Content: {
              Simple: { Subject: { Data: 'Kvittering' }, Body: { Text: { Data: 'Mottatt' } } },
            },
          }),
        );
      } catch (error) {
        if (attempt === 1) lateSend.error = error;
        throw error;
      }
      return { sent: attempt };
    };
    // The limit is kept on a clock this test moves: the overrun costs no real wait.
    const clock = createClock(0);
    const limitClock: LimitClock = {
      now: () => clock.now,
      setTimeout: (fire, ms) => clock.setTimeout(fire, ms),
      clearTimeout: (timer) => clock.clearTimeout(timer as never),
    };
    const lambdas = new LocalLambdas(
      async () => handler,
      {},
      { notifyMunicipality: 2000 },
      limitClock,
    );

    let firstOutcome: string | undefined;
    const first = lambdas.invoke('notifyMunicipality', {});
    first.then(
      () => (firstOutcome = 'returned'),
      (error: Error) => (firstOutcome = error.name),
    );
    await expect.poll(() => calls).toBe(1);
    clock.tick(1999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(firstOutcome).toBeUndefined();
    clock.tick(1);
    await expect(first).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    // The retry, while the first attempt still runs.
    await expect(lambdas.invoke('notifyMunicipality', {})).resolves.toEqual({ sent: 2 });
    release();
    await expect.poll(() => lateSend.error).toMatchObject({ name: 'SandboxFrozen' });

    expect(ses.mail()).toHaveLength(1);
    expect(gate.counts.frozen).toBe(1);
    expect(lambdas.usage.timedOut).toBe(1);
    client.destroy();
  });

  it('lets calls outside any invocation through untouched', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-overrun-'));
    dirs.push(dir);
    gate = new EgressGate(() => Date.now());
    await gate.start();
    ses = await startSes({ dir });
    gate.register('ses', ses.endpoint);
    gate.setFault({ service: 'ses', failFor: { calls: 5 } });
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'no-reply@alis.example.no',
        Destination: { ToAddresses: ['a@example.no'] },
        Content: { Simple: { Subject: { Data: 'Test' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    expect(ses.mail()).toHaveLength(1);
    client.destroy();
  });
});
