import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';

import { startSes, type LocalSes } from '../../../infra/local/ses.js';

describe('local SES', () => {
  const dirs: string[] = [];
  let ses: LocalSes | undefined;
  afterEach(async () => {
    await ses?.stop();
    ses = undefined;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function send(endpoint: string, subject: string): Promise<void> {
    const client = new SESv2Client({
      endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'ALIS-tilskudd <no-reply@alis.example.no>',
          ConfigurationSetName: 'local',
          Destination: { ToAddresses: ['okonomi@alis-nord.example.no'] },
          Content: {
            Simple: {
              Subject: { Data: subject },
              Body: { Text: { Data: 'Tekst' }, Html: { Data: '<p>Tekst</p>' } },
              Attachments: [
                {
                  FileName: 'utbetalinger.csv',
                  ContentType: 'text/csv',
                  RawContent: new TextEncoder().encode('a;b\n1;2\n'),
                },
              ],
            },
          },
        }),
      );
    } finally {
      client.destroy();
    }
  }

  it('keeps the mail it was sent across a restart, oldest first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-ses-'));
    dirs.push(dir);
    ses = await startSes({ dir });
    await send(ses.endpoint, 'Første');
    await ses.stop();

    ses = await startSes({ dir });
    await send(ses.endpoint, 'Andre');
    const mail = ses.mail();
    expect(mail.map((m) => m.subject)).toEqual(['Første', 'Andre']);
    expect(mail[0]).toMatchObject({
      from: 'ALIS-tilskudd <no-reply@alis.example.no>',
      to: ['okonomi@alis-nord.example.no'],
      text: 'Tekst',
      html: '<p>Tekst</p>',
      attachments: [{ filename: 'utbetalinger.csv', contentType: 'text/csv' }],
    });
    expect(Buffer.from(mail[0]!.attachments[0]!.content, 'base64').toString()).toBe('a;b\n1;2\n');
    expect(mail[0]?.id).toMatch(/\S/);
  });

  it('serves its own mail viewer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-ses-'));
    dirs.push(dir);
    ses = await startSes({ dir });
    const viewer = await fetch(ses.viewerUrl);
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toMatch(/<html/i);
  });
});
