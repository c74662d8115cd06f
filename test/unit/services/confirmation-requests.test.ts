// The first confirmation request of a grant's positions due the same day is one e-mail with one
// link: the request step of the last position to open its request claims them all and mails; one
// that finds a position due that day not yet asked leaves the mail to it; a retried step that
// holds the claim mails what it claimed, once.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { requestConfirmation } from '../../../shared/services/confirmations.js';
import { keys } from '../../../shared/store/items.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

const ses = mockClient(SESv2Client);
const ID = 'AN-2026-TOGETHER';
const NOW = new Date('2027-12-02T05:10:00Z');

const GRANT: FakeItem = {
  ...keys.grant(ID),
  applicationId: ID,
  programme: 'alis-nord',
  roundId: 'alis-nord-2027',
  municipality: { number: '5605', name: 'Tana kommune', organisationNumber: '944496394' },
  contactEmail: 'kontakt@tana.kommune.no',
  positions: 3,
  employmentModel: 'salaried',
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 0,
  startDate: '2027-01-01',
  years: 5,
  status: 'ACTIVE',
  createdAt: '2026-12-05T10:00:00Z',
};

function instalment(position: number, dueDate: string): FakeItem {
  return {
    ...keys.instalment({ applicationId: ID, position, year: 2 }),
    applicationId: ID,
    programme: 'alis-nord',
    position,
    year: 2,
    years: 5,
    dueDate,
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    status: 'SCHEDULED',
    updatedAt: '2026-12-05T10:00:00Z',
  };
}

let table: Map<string, FakeItem>;
let sent: { subject: string; text: string }[];

beforeEach(() => {
  table = fakeTable(
    [
      GRANT,
      instalment(1, '2028-01-01'),
      instalment(2, '2028-01-01'),
      // Started later: due another day, asked in an e-mail of its own.
      instalment(3, '2028-03-01'),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).callsFake((input) => {
    const prefix = String(input.ExpressionAttributeValues?.[':prefix'] ?? '');
    return {
      Items: [...table.values()].filter(
        (item) => item.pk === `APP#${ID}` && String(item.sk).startsWith(prefix),
      ),
    };
  });
  sent = [];
  ses.reset();
  ses.on(SendEmailCommand).callsFake((input) => {
    sent.push({
      subject: input.Content.Simple.Subject.Data,
      text: input.Content.Simple.Body.Text.Data,
    });
    return { MessageId: `m${sent.length}` };
  });
});

const confirmation = (position: number) =>
  table.get(`APP#${ID}|${keys.confirmation({ applicationId: ID, position, year: 2 }).sk}`);

describe('the first confirmation request of positions due the same day', () => {
  it('waits for the position not yet asked, then goes out once, for both, with one link', async () => {
    await requestConfirmation({ applicationId: ID, position: 1, year: 2 }, 'task-1', NOW);
    expect(sent).toEqual([]);
    expect(confirmation(1)).toMatchObject({ status: 'OPEN' });
    expect(confirmation(1)).not.toHaveProperty('notifiedAt');

    await requestConfirmation({ applicationId: ID, position: 2, year: 2 }, 'task-2', NOW);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe(
      `Bekreft 2 ALIS-stillinger før utbetaling (søknad ${ID}, år 2 av 5)`,
    );
    expect(sent[0]!.text.match(/\/confirmations\//g)).toHaveLength(1);
    const [one, two] = [confirmation(1)!, confirmation(2)!];
    expect(one.linkHash).toBeDefined();
    expect(two.linkHash).toBe(one.linkHash);
    expect(one).toMatchObject({ mailer: 2, notifiedAt: NOW.toISOString() });
    expect(two).toMatchObject({ mailer: 2, notifiedAt: NOW.toISOString() });
    const link = table.get(`LINK#${one.linkHash}|LINK`)!;
    expect(link.positions).toEqual([
      { position: 1, year: 2 },
      { position: 2, year: 2 },
    ]);

    // Retried steps of either position mail nothing more.
    await requestConfirmation({ applicationId: ID, position: 1, year: 2 }, 'task-1b', NOW);
    await requestConfirmation({ applicationId: ID, position: 2, year: 2 }, 'task-2b', NOW);
    expect(sent).toHaveLength(1);
  });

  it('a position due another day is asked on its own', async () => {
    await requestConfirmation({ applicationId: ID, position: 3, year: 2 }, 'task-3', NOW);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe(`Bekreft ALIS-stillingen, år 2 av 5 (søknad ${ID})`);
    expect(table.get(`LINK#${confirmation(3)!.linkHash}|LINK`)!.positions).toEqual([
      { position: 3, year: 2 },
    ]);
  });

  it('a step that claimed and died before its e-mail mails it when retried', async () => {
    await requestConfirmation({ applicationId: ID, position: 1, year: 2 }, 'task-1', NOW);
    ses.on(SendEmailCommand).rejects(new Error('SES is down'));
    await expect(
      requestConfirmation({ applicationId: ID, position: 2, year: 2 }, 'task-2', NOW),
    ).rejects.toThrow();
    expect(confirmation(1)).toMatchObject({ mailer: 2 });
    expect(confirmation(1)).not.toHaveProperty('notifiedAt');

    ses.on(SendEmailCommand).callsFake(() => {
      sent.push({ subject: 'again', text: '' });
      return { MessageId: 'm' };
    });
    // The other position's step leaves it to the claimer; the claimer's retry mails both.
    await requestConfirmation({ applicationId: ID, position: 1, year: 2 }, 'task-1b', NOW);
    expect(sent).toEqual([]);
    await requestConfirmation({ applicationId: ID, position: 2, year: 2 }, 'task-2b', NOW);
    expect(sent).toHaveLength(1);
    expect(confirmation(1)).toMatchObject({ notifiedAt: NOW.toISOString() });
    expect(confirmation(2)).toMatchObject({ notifiedAt: NOW.toISOString() });
  });
});
