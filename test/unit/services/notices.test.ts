// E-mails to the municipality from the workflow: each kind goes once per application, and each is
// written from what the table holds (the status link, the reviewers' comment).

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { notifyMunicipality, sendPendingNotice } from '../../../shared/services/notices.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const ses = mockClient(SESv2Client);
const NOW = new Date('2026-12-03T10:00:00Z');
const APP_ID = 'AN-2026-AAAAAAAA';

const application = {
  pk: `APP#${APP_ID}`,
  sk: 'APPLICATION',
  applicationId: APP_ID,
  programme: 'alis-nord',
  roundId: 'alis-nord-2027',
  municipalityNumber: '5607',
  status: 'APPROVED',
  statusSecret: 'the-status-secret',
  reviewRound: 1,
  application: nord,
};
const decidedRound = {
  pk: `APP#${APP_ID}`,
  sk: 'REVIEW#001',
  applicationId: APP_ID,
  round: 1,
  status: 'DECIDED',
  decision: { decision: 'reject', comment: 'Mangler veileder.', by: 'x', at: NOW.toISOString() },
};

// What the workflow's "Create grant" step wrote before the approval e-mail.
const grant = {
  pk: `APP#${APP_ID}`,
  sk: 'GRANT',
  applicationId: APP_ID,
  programme: 'alis-nord',
  municipality: { number: '5607', name: 'Vadsø', organisationNumber: '944496394' },
  positions: 1,
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 0,
  startDate: '2027-01-01',
  years: 2,
  status: 'ACTIVE',
};
const instalments = [1, 2].map((year) => ({
  pk: `APP#${APP_ID}`,
  sk: `INSTALMENT#00${year}`,
  applicationId: APP_ID,
  year,
  years: 2,
  dueDate: `${2026 + year}-01-01`,
  grant: 200_000,
  egenandel: 0,
  net: 200_000,
  status: 'SCHEDULED',
}));

function sentMail() {
  return ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
}

beforeEach(() => {
  fakeTable([application, decidedRound, grant, ...instalments]);
  // The fake table answers no queries; the grant's instalments are one partition's query.
  dynamo
    .on(QueryCommand)
    .callsFake((input) =>
      input.ExpressionAttributeValues[':prefix'] === 'INSTALMENT#' ? { Items: instalments } : {},
    );
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
});

describe('notifyMunicipality', () => {
  it('sends the receipt with the status link to the contact, then records the marker and an audit event together', async () => {
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('sent');

    const [mail] = sentMail();
    expect(mail!.Destination!.ToAddresses).toEqual([nord.contact.email]);
    expect(mail!.Content!.Simple!.Body!.Text!.Data).toContain(
      `https://alis.example.no/status/${APP_ID}.the-status-secret`,
    );
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => (i.Put?.Item ?? i.Update?.Key)!.sk)).toEqual([
      'NOTICE#received',
      expect.stringMatching(/^EVENT#/),
    ]);
    expect(items[1]!.Put!.Item).toMatchObject({ type: 'receipt-sent', by: 'system' });
  });

  it('records the notice as pending, with a timer, before it sends, so an outage past the retries leaves it to the daily run', async () => {
    const table = fakeTable([application], { applyTransactions: true });
    ses.on(SendEmailCommand).rejects(new Error('SES down'));

    await expect(notifyMunicipality(APP_ID, 'received', NOW)).rejects.toThrow('SES down');

    // The failed sender gave its claim up, so a retry (or the daily run) sends it.
    expect(table.get(`APP#${APP_ID}|NOTICE#received`)).toMatchObject({
      status: 'PENDING',
      timerStage: 'send',
      gsi1pk: 'TIMER',
      gsi1sk: `2026-12-03T11:00:00.000Z#APP#${APP_ID}#NOTICE#received`,
    });

    // SES is back; the daily run finds the due notice, sends it once, and drops its timer.
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    const pending = table.get(`APP#${APP_ID}|NOTICE#received`)!;
    const due = new Date(NOW.getTime() + 3600_000);
    await expect(sendPendingNotice(pending as never, due)).resolves.toBe('sent');
    const sent = table.get(`APP#${APP_ID}|NOTICE#received`)!;
    expect(sent).toMatchObject({ status: 'SENT', sentAt: due.toISOString() });
    expect(sent).not.toHaveProperty('gsi1sk');
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('already-sent');
    await expect(sendPendingNotice(sent as never, NOW)).resolves.toBe('skipped');
    // The attempt SES refused, and the one that went.
    expect(sentMail()).toHaveLength(2);
  });

  it('lets one sender at a time send: the daily run meeting the step in the middle of sending sends nothing', async () => {
    const table = fakeTable([application], { applyTransactions: true });
    let sendings = 0;
    ses.on(SendEmailCommand).callsFake(async () => {
      sendings++;
      // The daily run finds the notice due while the step's e-mail is on its way.
      const meanwhile = table.get(`APP#${APP_ID}|NOTICE#received`)!;
      if (sendings === 1)
        await expect(sendPendingNotice(meanwhile as never, NOW)).resolves.toBe('already-sent');
      return { MessageId: 'm' };
    });
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('sent');
    expect(sendings).toBe(1);
  });

  it('sends a notice a decision left pending (its workflow gave up or stopped) and marks it sent', async () => {
    const table = fakeTable(
      [
        application,
        decidedRound,
        {
          pk: `APP#${APP_ID}`,
          sk: 'NOTICE#rejected',
          applicationId: APP_ID,
          kind: 'rejected',
          status: 'PENDING',
        },
      ],
      { applyTransactions: true },
    );
    // No letter kept yet: the rejection's letter is written with it.
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await expect(notifyMunicipality(APP_ID, 'rejected', NOW)).resolves.toBe('sent');
    expect(sentMail()).toHaveLength(1);
    expect(sentMail()[0]!.Content!.Simple!.Body!.Text!.Data).toContain('tre uker');
    expect(table.get(`APP#${APP_ID}|LETTER#001`)).toMatchObject({
      letter: { number: 1, source: 'rejected-r1', decision: { kind: 'rejected' } },
    });
    expect(table.get(`APP#${APP_ID}|NOTICE#rejected`)).toMatchObject({ status: 'SENT' });
  });

  it('sends nothing when the marker says the notice went out already (a retried task)', async () => {
    fakeTable([application, { pk: `APP#${APP_ID}`, sk: 'NOTICE#received', sentAt: 'x' }]);
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('already-sent');
    expect(sentMail()).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('sends nothing for a sent notice whose claim is long past (the claim is taken only from pending or stale sending)', async () => {
    const sentLongAgo = NOW.getTime() - 30 * 86_400_000;
    const table = fakeTable([
      application,
      {
        pk: `APP#${APP_ID}`,
        sk: 'NOTICE#received',
        applicationId: APP_ID,
        kind: 'received',
        status: 'SENT',
        claimedAtMs: sentLongAgo,
        sentAt: new Date(sentLongAgo).toISOString(),
      },
    ]);
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('already-sent');
    expect(sentMail()).toHaveLength(0);
    expect(table.get(`APP#${APP_ID}|NOTICE#received`)).toMatchObject({ status: 'SENT' });
  });

  it('takes over a claim gone stale (its sender died) and sends', async () => {
    const table = fakeTable(
      [
        application,
        {
          pk: `APP#${APP_ID}`,
          sk: 'NOTICE#received',
          applicationId: APP_ID,
          kind: 'received',
          status: 'SENDING',
          claimedAtMs: NOW.getTime() - 2 * 3600_000,
        },
      ],
      { applyTransactions: true },
    );
    await expect(notifyMunicipality(APP_ID, 'received', NOW)).resolves.toBe('sent');
    expect(sentMail()).toHaveLength(1);
    expect(table.get(`APP#${APP_ID}|NOTICE#received`)).toMatchObject({ status: 'SENT' });
  });

  it("quotes the reviewers' reason in a rejection", async () => {
    await notifyMunicipality(APP_ID, 'rejected', NOW);
    const [mail] = sentMail();
    expect(mail!.Content!.Simple!.Subject!.Data).toContain('avslått');
    expect(mail!.Content!.Simple!.Body!.Text!.Data).toContain('Mangler veileder.');
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[1]!.Put!.Item).toMatchObject({
      type: 'municipality-notified',
      comment: 'Melding om avslag sendt',
    });
  });

  it("states the grant's plan in an approval, every year with its date", async () => {
    await notifyMunicipality(APP_ID, 'approved', NOW);
    const text = sentMail()[0]!.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toMatch(/År 1 av 2, 1\. januar 2027: 200\s000\skr til utbetaling/);
    expect(text).toMatch(/År 2 av 2, 1\. januar 2028/);
  });

  it('records nothing when the e-mail could not be sent, so a retry sends it', async () => {
    ses.on(SendEmailCommand).rejects(new Error('SES down'));
    await expect(notifyMunicipality(APP_ID, 'approved', NOW)).rejects.toThrow('SES down');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
