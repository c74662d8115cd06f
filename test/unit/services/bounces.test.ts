// Mail that bounces: an SES bounce or complaint marks the address (once), tells whom it concerns,
// and from then on deliverMail, the one place mail leaves, sends that address nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordMailFeedback } from '../../../shared/services/bounces.js';
import { deliverMail, undeliverableHashOf } from '../../../shared/services/mailing.js';
import { applicationDetail } from '../../../shared/services/programme-records.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, type FakeItem, fakeTable } from '../../support/table-fake.js';

const ses = mockClient(SESv2Client);
const NOW = new Date('2026-12-03T10:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';
const LEAD = 'leder@alis-nord.example.no';
const REVIEWER = 'fagrad1@alis-nord.example.no';
const CONTACT = nord.contact.email;

const application = {
  pk: `APP#${APP_ID}`,
  sk: 'APPLICATION',
  applicationId: APP_ID,
  programme: 'alis-nord',
  roundId: 'alis-nord-2027',
  municipalityNumber: '5607',
  status: 'IN_REVIEW',
  statusSecret: 'the-status-secret',
  reviewRound: 1,
  version: 1,
  submittedAt: NOW.toISOString(),
  application: nord,
};

/** SES's event (EventBridge's `detail`) for a permanent bounce of `address`. */
function bounceOf(address: string, headers: Record<string, string> = {}, bounceType = 'Permanent') {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: address, status: '5.1.1' }],
      timestamp: '2026-12-03T09:59:00.000Z',
    },
    mail: {
      timestamp: '2026-12-03T09:58:00.000Z',
      messageId: 'm-1',
      headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      tags: { 'ses:configuration-set': ['alis-unit'] },
    },
  };
}

const aboutTheApplication = { 'X-Alis-Programme': 'alis-nord', 'X-Alis-Application': APP_ID };

let table: Map<string, FakeItem>;

function markOf(address: string): FakeItem | undefined {
  return table.get(`ADDRESS#${undeliverableHashOf(address)}|UNDELIVERABLE`);
}
function sent() {
  return ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
}
function auditTypes(): string[] {
  return [...table.values()].filter((i) => i.sk.startsWith('EVENT#')).map((i) => i.type);
}

beforeEach(() => {
  table = fakeTable([application], { applyTransactions: true });
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'sent' });
});

describe('a bounce', () => {
  it("of a reviewer's address marks it, tells the lead, and stops further mail to it", async () => {
    expect(await recordMailFeedback(bounceOf(REVIEWER, aboutTheApplication), NOW)).toEqual([
      'marked',
    ]);
    expect(markOf(REVIEWER)).toMatchObject({
      reason: 'bounce',
      markedAt: '2026-12-03T09:59:00.000Z',
      programme: 'alis-nord',
      applicationId: APP_ID,
      notifiedAt: NOW.toISOString(),
    });
    // The mark does not name the address.
    expect(JSON.stringify(markOf(REVIEWER))).not.toContain(REVIEWER);
    const [told] = sent();
    expect(sent()).toHaveLength(1);
    expect(told?.Destination?.ToAddresses).toEqual([LEAD]);
    expect(told?.Content?.Simple?.Subject?.Data).toContain(REVIEWER);
    expect(told?.Content?.Simple?.Body?.Text?.Data).toContain('medlem av fagrådet');
    expect(auditTypes()).toEqual(['mail-undeliverable']);

    // Any case of the address: nothing more goes to it, and the application's trail says so.
    ses.resetHistory();
    const outcome = await deliverMail(
      {
        to: [' FAGRAD1@alis-nord.example.no'],
        message: { subject: 'Ny søknad', text: 't', html: '<p>t</p>' },
        applicationId: APP_ID,
      },
      NOW,
    );
    expect(outcome).toBe('skipped');
    expect(sent()).toEqual([]);
    expect(auditTypes()).toEqual(['mail-undeliverable', 'mail-skipped']);
  });

  it("of the lead's address tells the programme's other staff instead", async () => {
    expect(
      await recordMailFeedback(bounceOf(LEAD, { 'X-Alis-Programme': 'alis-nord' }), NOW),
    ).toEqual(['marked']);
    expect(sent()).toHaveLength(1);
    expect(sent()[0]?.Destination?.ToAddresses).toEqual([
      'fagrad1@alis-nord.example.no',
      'fagrad2@alis-nord.example.no',
      'okonomi@alis-nord.example.no',
    ]);
    expect(sent()[0]?.Content?.Simple?.Body?.Text?.Data).toContain('programleder');
  });

  it("of a municipality's contact tells the lead and shows on the application's staff page", async () => {
    expect(await recordMailFeedback(bounceOf(CONTACT, aboutTheApplication), NOW)).toEqual([
      'marked',
    ]);
    const [told] = sent();
    expect(told?.Destination?.ToAddresses).toEqual([LEAD]);
    expect(told?.Content?.Simple?.Subject?.Data).toBe(
      `E-post til kontaktpersonen for Vadsø kommune når ikke fram (søknad ${APP_ID})`,
    );
    expect(told?.Content?.Simple?.Body?.Text?.Data).toContain(
      `https://alis.example.no/staff/applications/${APP_ID}`,
    );
    expect(told?.Content?.Simple?.Body?.Text?.Data).toContain('«Endre kontaktperson»');

    dynamo.on(QueryCommand).resolves({ Items: [application] });
    const detail = await applicationDetail(APP_ID, ['alis-nord']);
    expect(detail.contactUndeliverable).toEqual({
      reason: 'bounce',
      since: '2026-12-03T09:59:00.000Z',
    });
  });

  it('of an address of nobody known marks it and tells nobody', async () => {
    expect(await recordMailFeedback(bounceOf('someone@example.org'), NOW)).toEqual(['marked']);
    expect(markOf('someone@example.org')).toMatchObject({ reason: 'bounce' });
    expect(sent()).toEqual([]);
    expect(auditTypes()).toEqual([]);
  });

  it('repeated (SES delivers at least once) marks, tells and audits once', async () => {
    const event = bounceOf(REVIEWER, aboutTheApplication);
    await recordMailFeedback(event, NOW);
    expect(await recordMailFeedback(event, new Date('2026-12-03T10:05:00Z'))).toEqual([
      'already-marked',
    ]);
    expect(sent()).toHaveLength(1);
    expect(auditTypes()).toEqual(['mail-undeliverable']);
    expect(markOf(REVIEWER)?.notifiedAt).toBe(NOW.toISOString());
  });

  it('retried after it marked but before the lead was told tells the lead then', async () => {
    ses.on(SendEmailCommand).rejectsOnce(new Error('SES down')).resolves({ MessageId: 'x' });
    const event = bounceOf(REVIEWER, aboutTheApplication);
    await expect(recordMailFeedback(event, NOW)).rejects.toThrow('SES down');
    expect(markOf(REVIEWER)?.notifiedAt).toBeUndefined();
    expect(await recordMailFeedback(event, NOW)).toEqual(['already-marked']);
    expect(sent().map((m) => m.Destination?.ToAddresses)).toEqual([[LEAD], [LEAD]]);
    expect(markOf(REVIEWER)?.notifiedAt).toBe(NOW.toISOString());
  });

  it('that may pass (transient) marks nothing: SES retries it', async () => {
    expect(
      await recordMailFeedback(bounceOf(REVIEWER, aboutTheApplication, 'Transient'), NOW),
    ).toEqual(['ignored-transient']);
    expect(markOf(REVIEWER)).toBeUndefined();
    expect(sent()).toEqual([]);
  });
});

describe('a complaint', () => {
  const complaint = (feedbackType?: string) => ({
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: CONTACT }],
      ...(feedbackType && { complaintFeedbackType: feedbackType }),
      timestamp: '2026-12-03T09:59:00.000Z',
    },
    mail: { headers: [{ name: 'X-Alis-Application', value: APP_ID }] },
  });

  it('marks the address as complaining and tells the lead', async () => {
    expect(await recordMailFeedback(complaint('abuse'), NOW)).toEqual(['marked']);
    expect(markOf(CONTACT)).toMatchObject({ reason: 'complaint', programme: 'alis-nord' });
    expect(sent()[0]?.Content?.Simple?.Body?.Text?.Data).toContain('søppelpost');
  });

  it('taken back ("not-spam") marks nothing', async () => {
    expect(await recordMailFeedback(complaint('not-spam'), NOW)).toEqual(['ignored']);
    expect(markOf(CONTACT)).toBeUndefined();
  });
});

it('an event it cannot read, of any JSON type, is logged and left, never thrown', async () => {
  for (const detail of [
    null,
    42,
    'Bounce',
    [],
    {},
    { eventType: 'Delivery', mail: {} },
    { eventType: 'Bounce', mail: {} },
    { eventType: 'Bounce', mail: {}, bounce: { bounceType: 'Permanent', bouncedRecipients: [] } },
  ]) {
    expect(await recordMailFeedback(detail, NOW)).toEqual(['ignored']);
  }
  expect(sent()).toEqual([]);
});

describe('deliverMail', () => {
  it("names the e-mail's programme and application in headers, which SES's events carry back", async () => {
    await deliverMail({
      to: [CONTACT],
      message: { subject: 's', text: 't', html: '<p>t</p>' },
      programme: 'alis-nord',
      applicationId: APP_ID,
    });
    expect(sent()[0]?.Content?.Simple?.Headers).toEqual([
      { Name: 'X-Alis-Programme', Value: 'alis-nord' },
      { Name: 'X-Alis-Application', Value: APP_ID },
    ]);
    expect(sent()[0]?.ConfigurationSetName).toBe(process.env.SES_CONFIGURATION_SET);
  });

  it('sends to the recipients that take mail and leaves out the marked one', async () => {
    await recordMailFeedback(bounceOf(REVIEWER), NOW);
    ses.resetHistory();
    expect(
      await deliverMail({
        to: [REVIEWER, 'fagrad2@alis-nord.example.no'],
        message: { subject: 's', text: 't', html: '<p>t</p>' },
      }),
    ).toBe('sent');
    expect(sent().map((m) => m.Destination?.ToAddresses)).toEqual([
      ['fagrad2@alis-nord.example.no'],
    ]);
  });

  it('is the one place that sends: no other module calls the SES adapter', () => {
    const root = path.join(__dirname, '..', '..', '..');
    const files = ['shared', 'functions'].flatMap((dir) =>
      fs
        .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => path.join(dir, f)),
    );
    const senders = files.filter((f) =>
      /import\s*\{[^}]*\bsendMail\b[^}]*\}\s*from/.test(
        fs.readFileSync(path.join(root, f), 'utf8'),
      ),
    );
    expect(senders).toEqual([path.join('shared', 'services', 'mailing.ts')]);
  });
});
