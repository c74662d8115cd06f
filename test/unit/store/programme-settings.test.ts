import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  readProgrammeSettings,
  saveRounds,
  seedSettingsItem,
} from '../../../shared/store/programme-settings.js';
import { loadProgramme } from '../../../shared/services/programme-settings.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const KEY = 'SETTINGS#alis-vest|SETTINGS';

describe('programme settings in the table', () => {
  it('writes the seed on the first read, on the condition that none is there, and only then', async () => {
    const table = fakeTable([]);
    const first = await readProgrammeSettings('alis-vest', NOW);
    expect(first).toEqual(seedSettingsItem('alis-vest', NOW));
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(table.get(KEY)).toEqual(first);

    dynamo.resetHistory();
    await readProgrammeSettings('alis-vest', new Date(NOW.getTime() + 1000));
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('never overwrites what the office changed: a stored round list stays as it is', async () => {
    const changed = seedSettingsItem('alis-vest', NOW);
    changed.rounds = changed.rounds.map((r) => ({ ...r, positions: r.positions + 10 }));
    fakeTable([changed]);
    const programme = await loadProgramme('alis-vest');
    expect(programme.rounds.map((r) => r.positions)).toEqual([25, 25]);
    expect(programme.rounds[1]!.closesAt).toBe('2027-04-30T22:00:00.000Z');
  });

  it('takes the other reader’s seed when two first reads race', async () => {
    const winner = { ...seedSettingsItem('alis-vest', NOW), seededAt: 'earlier' };
    const table = fakeTable([]);
    let reads = 0;
    dynamo.on(GetCommand).callsFake(() => {
      reads++;
      // The first read finds nothing; meanwhile the other reader writes its seed.
      if (reads === 1) {
        table.set(KEY, winner);
        return {};
      }
      return { Item: table.get(KEY) };
    });
    expect(await readProgrammeSettings('alis-vest', NOW)).toEqual(winner);
  });

  it('saves rounds only on the version they were planned on, with the audit event', async () => {
    const stored = seedSettingsItem('alis-vest', NOW);
    const table = fakeTable([stored], { applyTransactions: true });
    const rounds = stored.rounds.map((r) => ({ ...r, positions: 99 }));
    const event = {
      type: 'round-changed' as const,
      roundId: 'alis-vest-2027',
      changes: [{ field: 'positions' as const, old: 15, new: 99 }],
    };
    expect(await saveRounds(stored, rounds, event, 'leder@alis-vest.example.no', NOW)).toBe(true);
    expect(table.get(KEY)).toMatchObject({
      version: 2,
      rounds,
      updatedBy: 'leder@alis-vest.example.no',
    });
    const events = [...table.entries()].filter(([key]) =>
      key.startsWith('SETTINGS#alis-vest|EVENT#'),
    );
    expect(events).toHaveLength(1);
    expect(events[0]![1]).toMatchObject({ ...event, by: 'leder@alis-vest.example.no' });

    // A second change planned on the old version is refused whole.
    expect(await saveRounds(stored, stored.rounds, event, 'x', NOW)).toBe(false);
    expect(table.get(KEY)).toMatchObject({ version: 2, rounds });
  });
});
