// Items written before positions had plans of their own: a grant with one candidate and no
// position items, instalments and a confirmation without `position`, a confirmation link without
// `positions`. They are read as position 1's and continue: the year moves on, the link is
// answered, and the answer reaches the year's waiting workflow.

import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../shared/links.js';
import { confirm, openConfirmationLink } from '../../../shared/services/confirmations.js';
import { readGrant } from '../../../shared/services/grants.js';
import { getConfirmation } from '../../../shared/store/confirmations.js';
import { getInstalment, moveInstalment } from '../../../shared/store/grants.js';
import { keys } from '../../../shared/store/items.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const ID = 'AN-2026-OLDSHAPE';
const NOW = new Date('2027-12-10T10:00:00Z');
const TOKEN = 'o'.repeat(43);

const GRANT: FakeItem = {
  ...keys.grant(ID),
  applicationId: ID,
  programme: 'alis-nord',
  roundId: 'alis-nord-2027',
  municipality: { number: '5601', name: 'Alta kommune', organisationNumber: '944496394' },
  contactEmail: 'kontakt@alta.kommune.no',
  positions: 1,
  employmentModel: 'salaried',
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 0,
  startDate: '2027-01-01',
  years: 5,
  status: 'ACTIVE',
  createdAt: '2026-12-05T10:00:00Z',
};

function oldInstalment(year: number, status: string): FakeItem {
  return {
    pk: `APP#${ID}`,
    sk: `INSTALMENT#00${year}`,
    applicationId: ID,
    programme: 'alis-nord',
    year,
    years: 5,
    dueDate: `${2026 + year}-01-01`,
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    status,
    updatedAt: '2026-12-05T10:00:00Z',
  };
}

const CONFIRMATION: FakeItem = {
  pk: `APP#${ID}`,
  sk: 'CONFIRMATION#002',
  applicationId: ID,
  year: 2,
  dueDate: '2028-01-01',
  taskToken: 'task-2',
  status: 'OPEN',
  requestedAt: '2027-12-02T05:00:00Z',
  linkHash: hashToken(TOKEN),
  notifiedAt: '2027-12-02T05:00:00Z',
};

const LINK: FakeItem = {
  ...keys.link(hashToken(TOKEN)),
  purpose: 'confirmation',
  applicationId: ID,
  round: 2,
  holder: 'kontakt@alta.kommune.no',
  expiresAt: '2028-03-31T22:00:00Z',
  expiresAtEpoch: 1_900_000_000,
};

const APPLICATION: FakeItem = {
  ...keys.application(ID),
  applicationId: ID,
  programme: 'alis-nord',
  status: 'ACTIVE',
  application: { candidate: { kind: 'employed-doctor', monthsCompleted: 0 } },
};

let table: Map<string, FakeItem>;

beforeEach(() => {
  table = fakeTable(
    [
      GRANT,
      APPLICATION,
      oldInstalment(1, 'PAID'),
      oldInstalment(2, 'AWAITING_CONFIRMATION'),
      CONFIRMATION,
      LINK,
    ],
    { applyTransactions: true },
  );
  // A grant's parts by prefix: no position items; its instalments, as stored.
  dynamo.on(QueryCommand).callsFake((input) => {
    const prefix = input.ExpressionAttributeValues?.[':prefix'] ?? '';
    const items = [...table.values()].filter(
      (item) => item.pk === `APP#${ID}` && String(item.sk).startsWith(prefix),
    );
    return { Items: items };
  });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('items from before positions had plans', () => {
  it('an instalment and a confirmation without position are position 1’s', async () => {
    expect(await getInstalment({ applicationId: ID, position: 1, year: 2 })).toMatchObject({
      position: 1,
      year: 2,
    });
    expect(await getConfirmation({ applicationId: ID, position: 1, year: 2 })).toMatchObject({
      position: 1,
      year: 2,
    });
  });

  it('a one-candidate grant reads as one position with its instalments', async () => {
    const read = await readGrant(ID);
    expect(read?.positions).toEqual([
      {
        position: 1,
        candidate: { kind: 'employed-doctor', monthsCompleted: 0 },
        status: 'ACTIVE',
        startDate: '2027-01-01',
        years: 5,
        employmentModel: 'salaried',
      },
    ]);
    expect(read?.instalments.map((i) => [i.position, i.year, i.status])).toEqual([
      [1, 1, 'PAID'],
      [1, 2, 'AWAITING_CONFIRMATION'],
    ]);
  });

  it('an old instalment moves on under its old key', async () => {
    await expect(
      moveInstalment({ applicationId: ID, position: 1, year: 2 }, 'HELD', NOW),
    ).resolves.toBe(true);
    expect(table.get(`APP#${ID}|INSTALMENT#002`)?.status).toBe('HELD');
  });

  it('a link without positions asks about position 1’s year, and its answer reaches the workflow', async () => {
    const context = await openConfirmationLink(TOKEN, NOW);
    expect(context.asked.map((a) => [a.confirmation.position, a.confirmation.year])).toEqual([
      [1, 2],
    ]);
    const answered = await confirm(
      TOKEN,
      { status: 'continuing', employmentModel: 'salaried', listSize: '650' },
      NOW,
    );
    expect(answered.positions).toEqual([{ position: 1, year: 2, status: 'continuing' }]);
    expect(table.get(`APP#${ID}|CONFIRMATION#002`)).toMatchObject({
      status: 'ANSWERED',
      outcome: 'continuing',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'task-2' });
  });
});
