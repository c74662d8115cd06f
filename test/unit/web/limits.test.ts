// No mail cannon: new applications per municipality and Oslo day, through the router with the real
// submission service against the table fake; and a receipt that quotes nothing the sender wrote.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addressHashOf } from '../../../shared/services/contacts.js';
import { notifyMunicipality } from '../../../shared/services/notices.js';
import { route } from '../../../shared/web/router.js';
import nord from '../../fixtures/application-alis-nord.json';
import { seededSettingsItems } from '../../support/seeded-settings.js';
import { fakeTable } from '../../support/table-fake.js';
import { JSON_BODY, request } from './support.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
/** 20:00 in Oslo: four hours to midnight. */
const EVENING = new Date('2026-12-01T19:00:00Z');

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(EVENING);
});
afterAll(() => vi.useRealTimers());

const CONTACT_KEY = {
  pk: `CONTACT#alis-nord#${addressHashOf(nord.contact.email)}`,
  sk: 'CONTACT',
};

const post = (key: string) =>
  route(
    request('POST /applications', {
      headers: { ...JSON_BODY, 'idempotency-key': key },
      body: JSON.stringify(nord),
    }),
  );

describe('at most 3 new applications per municipality and Oslo day', () => {
  it('answers the fourth 429 too-many-today with Retry-After until Oslo midnight, storing nothing', async () => {
    // A confirmed contact: its applications count against the municipality at once.
    const table = fakeTable([{ ...CONTACT_KEY, confirmedAt: '2026-11-01T10:00:00.000Z' }], {
      applyTransactions: true,
    });
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    for (const key of ['a', 'b', 'c']) expect((await post(key)).statusCode).toBe(201);
    const items = table.size;

    const fourth = await post('d');

    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers?.['retry-after']).toBe(String(4 * 3600));
    expect(JSON.parse(fourth.body!).errors).toEqual([
      {
        path: 'municipality.municipalityNumber',
        code: 'too-many-today',
        message: 'Kommunen har allerede sendt 3 søknader i dag. Prøv igjen etter midnatt.',
      },
    ]);
    expect(table.size).toBe(items);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 3);
    // A repeat of an accepted request is no new application and still answers.
    expect((await post('a')).statusCode).toBe(200);
  });
});

describe('an address that never confirmed', () => {
  it('gets 3 receipts a day: the fourth application is 429 too-many-for-address with Retry-After, storing nothing', async () => {
    const table = fakeTable([], { applyTransactions: true });
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    for (const key of ['a', 'b', 'c']) {
      const answer = await post(key);
      expect(answer.statusCode).toBe(201);
      expect(JSON.parse(answer.body!).status).toBe('AWAITING_CONTACT');
    }
    const items = table.size;

    const fourth = await post('d');

    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers?.['retry-after']).toBe(String(4 * 3600));
    expect(JSON.parse(fourth.body!).errors).toMatchObject([
      { path: 'contact.email', code: 'too-many-for-address' },
    ]);
    expect(table.size).toBe(items);
  });

  it('a blocked address gets 403, and nothing is stored, started or sent', async () => {
    const table = fakeTable([...seededSettingsItems(), { ...CONTACT_KEY, blocked: true }], {
      applyTransactions: true,
    });
    sfn.reset();
    const answer = await post('a');
    expect(answer.statusCode).toBe(403);
    expect(JSON.parse(answer.body!).errors[0].code).toBe('forbidden');
    expect(table.size).toBe(3);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });
});

describe('the receipt', () => {
  it('asks an unconfirmed contact to confirm, with a verify link whose token is stored only as its hash', async () => {
    const table = fakeTable(
      [
        {
          pk: 'APP#AN-2026-AAAAAAAA',
          sk: 'APPLICATION',
          applicationId: 'AN-2026-AAAAAAAA',
          programme: 'alis-nord',
          status: 'AWAITING_CONTACT',
          statusSecret: 's',
          reviewRound: 0,
          application: nord,
        },
        {
          pk: 'APP#AN-2026-AAAAAAAA',
          sk: 'VERIFY',
          applicationId: 'AN-2026-AAAAAAAA',
          status: 'OPEN',
          deadline: '2026-12-08T23:00:00.000Z',
        },
      ],
      { applyTransactions: true },
    );
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });

    await notifyMunicipality('AN-2026-AAAAAAAA', 'received', EVENING);

    const text =
      ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!.Text!.Data!;
    const token = /\/verify\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    expect(text).toContain('Bekreft e-postadressen');
    const links = [...table.values()].filter((item) => item.sk === 'LINK');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ purpose: 'verify', expiresAt: '2026-12-08T23:00:00.000Z' });
    expect(JSON.stringify(links)).not.toContain(token);
  });

  it('quotes nothing the sender wrote: no contact name, role, phone or free text', async () => {
    fakeTable([
      {
        pk: 'APP#AN-2026-AAAAAAAA',
        sk: 'APPLICATION',
        applicationId: 'AN-2026-AAAAAAAA',
        programme: 'alis-nord',
        statusSecret: 's',
        reviewRound: 0,
        application: { ...nord, municipality: { ...nord.municipality, name: 'Vadsø kommune' } },
      },
    ]);
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });

    await notifyMunicipality('AN-2026-AAAAAAAA', 'received', EVENING);

    const content = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!;
    const everything = `${content.Subject!.Data} ${content.Body!.Text!.Data} ${content.Body!.Html!.Data}`;
    expect(everything).toContain('Vadsø kommune');
    for (const free of [
      nord.contact.name,
      nord.contact.role,
      nord.contact.phone,
      nord.recruitmentSituation,
      nord.supervisor.name,
    ])
      expect(everything).not.toContain(free);
  });
});
