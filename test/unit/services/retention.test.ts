// Retention through the daily run, against the table fake (transactions applied, every condition
// checked): a concluding event schedules the erasure, the erasure day erases every item of the
// case once, and a case reopened or a retention lengthened in between is honoured.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../../shared/domain/application.js';
import { ERASED } from '../../../shared/domain/erasure.js';
import { runDueTimers } from '../../../shared/services/daily-run.js';
import { auditEvent } from '../../../shared/store/audit.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { seededSettingsItems } from '../../support/seeded-settings.js';
import nord from '../../fixtures/application-alis-nord.json';

const ID = 'AN-2026-ABCDEFGH';
const PK = `APP#${ID}`;
const REJECTED_AT = new Date('2026-12-10T09:30:00Z');
const CONTACT = 'kari.nordmann@vadso.kommune.no';
const REVIEWER = 'fagrad1@alis-nord.example.no';

function application() {
  const result = validateApplication({ ...nord, contact: { ...nord.contact, email: CONTACT } });
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

/** A rejected case: the application, its trail, its review round; and the programmes' settings. */
function rejectedCase(): FakeItem[] {
  return [
    {
      pk: PK,
      sk: 'APPLICATION',
      applicationId: ID,
      programme: 'alis-nord',
      roundId: 'alis-nord-2027',
      municipalityNumber: '5607',
      status: 'REJECTED',
      submittedAt: '2026-12-01T09:00:00.000Z',
      updatedAt: REJECTED_AT.toISOString(),
      statusSecret: 'secret',
      application: application(),
      version: 1,
      reviewRound: 1,
    },
    auditEvent(ID, 'submitted', CONTACT, new Date('2026-12-01T09:00:00Z')),
    {
      pk: PK,
      sk: 'REVIEW#001',
      applicationId: ID,
      round: 1,
      status: 'DECIDED',
      reviewers: [REVIEWER],
      decision: {
        decision: 'reject',
        comment: 'Per Hansen er ikke spesialist.',
        by: REVIEWER,
        at: 'x',
      },
    },
    auditEvent(ID, 'rejected', REVIEWER, REJECTED_AT, 'Per Hansen er ikke spesialist.'),
    ...seededSettingsItems(),
  ];
}

/** The fake, with queries (the byDue index, a partition) answered from the live items. */
function table(items: FakeItem[]): Map<string, FakeItem> {
  const live = fakeTable(items, { applyTransactions: true });
  dynamo.on(QueryCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues;
    const all = [...live.values()].map((item) => structuredClone(item));
    if (input.IndexName === 'byDue')
      return {
        Items: all
          .filter((i) => i.gsi1pk === values[':partition'] && i.gsi1sk < values[':below'])
          .sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1)),
      };
    return {
      Items: all
        .filter((i) => i.pk === values[':pk'] && i.sk.startsWith(values[':prefix'] ?? ''))
        .sort((a, b) => (a.sk < b.sk ? -1 : 1)),
    };
  });
  return live;
}

const actions = async (at: string) =>
  (await runDueTimers(new Date(at))).map((o) => o.action).filter((a) => a !== 'skipped');

describe('retention through the daily run', () => {
  it('schedules the erasure when the case concludes, and erases every item once on its day', async () => {
    const live = table(rejectedCase());

    expect(await actions('2026-12-11T05:00:00Z')).toEqual(['erasure-scheduled']);
    expect(live.get(`${PK}|RETENTION`)).toMatchObject({
      concludedAt: REJECTED_AT.toISOString(),
      eraseOn: '2031-12-10',
      status: 'SCHEDULED',
      timerStage: 'erase',
    });
    // The event's timer is spent: the next day has nothing to do.
    expect(await actions('2026-12-12T05:00:00Z')).toEqual([]);
    expect(await actions('2031-12-09T05:00:00Z')).toEqual([]);

    expect(await actions('2031-12-10T05:00:00Z')).toEqual(['personal-data-erased']);
    const text = JSON.stringify([...live.values()].filter((i) => i.pk === PK));
    for (const personal of [
      CONTACT,
      REVIEWER,
      'Per Hansen',
      nord.contact.name,
      nord.supervisor.name,
    ])
      expect(text).not.toContain(personal);
    expect(live.get(`${PK}|APPLICATION`)).toMatchObject({
      status: 'REJECTED',
      municipalityNumber: '5607',
      application: { contact: { email: ERASED }, municipality: { municipalityNumber: '5607' } },
    });
    expect(live.get(`${PK}|RETENTION`)).toMatchObject({
      status: 'ERASED',
      erasedAt: '2031-12-10T05:00:00.000Z',
    });
    expect([...live.values()].filter((i) => i.type === 'personal-data-erased')).toHaveLength(1);
    expect(await actions('2031-12-11T05:00:00Z')).toEqual([]);
  });

  it('does not erase a case that is no longer concluded on the day (a complaint granted)', async () => {
    const live = table(rejectedCase());
    await actions('2026-12-11T05:00:00Z');
    live.get(`${PK}|APPLICATION`)!.status = 'IN_REVIEW';

    expect(await actions('2031-12-10T05:00:00Z')).toEqual(['erasure-reopened']);
    expect(JSON.stringify(live.get(`${PK}|APPLICATION`))).toContain(CONTACT);
    expect(live.get(`${PK}|RETENTION`)).toMatchObject({ status: 'REOPENED' });
    expect(live.get(`${PK}|RETENTION`)!.gsi1sk).toBeUndefined();
  });

  it('honours a retention the office lengthened after the case concluded', async () => {
    const live = table(rejectedCase());
    await actions('2026-12-11T05:00:00Z');
    live.get('SETTINGS#alis-nord|SETTINGS')!.settings.privacy.retentionYears = 7;

    expect(await actions('2031-12-10T05:00:00Z')).toEqual(['erasure-postponed']);
    expect(live.get(`${PK}|RETENTION`)).toMatchObject({ eraseOn: '2033-12-10' });
    expect(await actions('2033-12-10T05:00:00Z')).toEqual(['personal-data-erased']);
  });

  it('does not schedule an erasure for an event that did not conclude the case', async () => {
    const items = rejectedCase();
    (items[0] as FakeItem).status = 'IN_REVIEW';
    const live = table(items);

    expect(await actions('2026-12-11T05:00:00Z')).toEqual(['not-concluded']);
    expect(live.has(`${PK}|RETENTION`)).toBe(false);
    expect(await actions('2026-12-12T05:00:00Z')).toEqual([]);
  });
});
