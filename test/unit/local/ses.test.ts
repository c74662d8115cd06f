import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';

import sesStore = require('aws-ses-v2-local/dist/store');

import { startSes, VIEWER_KEEPS, type LocalSes } from '../../../infra/local/ses.js';

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

  it('stores the next e-mail as one appended line, however much mail is kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-ses-'));
    dirs.push(dir);
    // History seeded directly: thousands of e-mails with bodies the size real ones have.
    const kept = 5000;
    const file = path.join(dir, 'mail.jsonl');
    const body = 'x'.repeat(1500);
    const lines = Array.from({ length: kept }, (_, i) =>
      JSON.stringify({
        messageId: `seed-${i}`,
        from: 'no-reply@alis.example.no',
        replyTo: [],
        destination: { to: [`kommune${i}@example.no`], cc: [], bcc: [] },
        subject: `Kvittering ${i}`,
        body: { text: body, html: `<p>${body}</p>` },
        attachments: [],
        at: 1_780_000_000 + i,
      }),
    );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const before = fs.statSync(file);

    ses = await startSes({ dir });
    expect(ses.count()).toBe(kept);
    await send(ses.endpoint, 'Neste');
    await ses.log.flush();

    // One record appended, of the size of one e-mail, not of the history.
    expect(ses.log.appends).toBe(1);
    expect(ses.log.bytesWritten).toBeLessThan(4096);
    const after = fs.statSync(file);
    expect(after.ino).toBe(before.ino);
    expect(after.size - before.size).toBe(ses.log.bytesWritten);
    const mail = ses.mail();
    expect(mail).toHaveLength(kept + 1);
    expect(mail[0]?.subject).toBe('Kvittering 0');
    expect(mail.at(-1)?.subject).toBe('Neste');
    // Memory holds only the viewer's latest e-mails, not the history.
    const viewer = sesStore.getStoreReadonly().emails;
    expect(viewer.length).toBeLessThan(2 * VIEWER_KEEPS);
    expect(viewer.at(-1)?.subject).toBe('Neste');
  }, 30_000);

  it('lists an e-mail the moment it is sent, before its line is in the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-ses-'));
    dirs.push(dir);
    ses = await startSes({ dir });
    await send(ses.endpoint, 'Første');
    await ses.log.flush();
    await send(ses.endpoint, 'Andre');
    // Whether or not the second line has landed yet, each e-mail is listed once.
    expect(ses.mail().map((m) => m.subject)).toEqual(['Første', 'Andre']);
    await ses.log.flush();
    expect(ses.mail().map((m) => m.subject)).toEqual(['Første', 'Andre']);
    expect(ses.count()).toBe(2);
  });

  it('moves the mail of an older data directory (mail.json) into the new file once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-ses-'));
    dirs.push(dir);
    ses = await startSes({ dir });
    await send(ses.endpoint, 'Gammel');
    await ses.stop();
    const jsonl = path.join(dir, 'mail.jsonl');
    const old = fs.readFileSync(jsonl, 'utf8').trim();
    fs.writeFileSync(path.join(dir, 'mail.json'), `[${old}]`);
    fs.rmSync(jsonl);

    ses = await startSes({ dir });
    await send(ses.endpoint, 'Ny');
    expect(ses.mail().map((m) => m.subject)).toEqual(['Gammel', 'Ny']);
    expect(fs.existsSync(path.join(dir, 'mail.json'))).toBe(false);
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
