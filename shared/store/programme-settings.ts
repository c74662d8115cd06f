// A programme's settings and rounds in the table. The code's configuration (PROGRAMMES in
// shared/domain/programmes.ts) is only the seed: the first read of a programme writes it, on the
// condition that nothing is there, and every later read finds what the office has made of it.
// So a fresh local stack, a test stack and a first deploy start from the seed alike, and a
// redeploy, which writes nothing, never overwrites the office's changes.

import { randomBytes } from 'node:crypto';
import { PROGRAMMES, type ProgrammeId, type RoundTerms } from '../domain/programmes.js';
import type { RoundFieldChange } from '../domain/rounds.js';
import {
  keys,
  type ProgrammeSettings,
  type ProgrammeSettingsEventItem,
  type ProgrammeSettingsItem,
} from './items.js';
import { getItem, putNew, putPart, queryPartition, transact, updatePart } from './table.js';

/** The seed of a programme: today's configuration, as the code holds it. */
export function seedSettingsItem(programme: ProgrammeId, now: Date): ProgrammeSettingsItem {
  const { id: _id, rounds, people: _people, ...settings } = PROGRAMMES[programme];
  return {
    ...keys.programmeSettings(programme),
    programme,
    settings: settings satisfies ProgrammeSettings,
    // Stored as the office sets them: days and terms. The instants follow from the days on reading.
    rounds: rounds.map(({ opensAt: _o, closesAt: _c, ...terms }) => ({
      ...terms,
      counties: [...terms.counties],
    })),
    version: 1,
    seededAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** The programme's stored settings; the first read of a programme writes its seed. */
export async function readProgrammeSettings(
  programme: ProgrammeId,
  now = new Date(),
): Promise<ProgrammeSettingsItem> {
  const key = keys.programmeSettings(programme);
  const stored = await getItem<ProgrammeSettingsItem>(key);
  if (stored) return stored;
  const seed = seedSettingsItem(programme, now);
  if (await putNew(seed as unknown as ProgrammeSettingsItem & Record<string, unknown>)) return seed;
  // Another reader seeded it first: theirs is the one.
  const winner = await getItem<ProgrammeSettingsItem>(key);
  if (!winner) throw new Error(`Programme settings of ${programme} vanished after seeding`);
  return winner;
}

/**
 * Writes a programme's rounds with the audit event of the change, if the settings are still the
 * version the change was planned on. Answers false when another write came first.
 */
export async function saveRounds(
  stored: ProgrammeSettingsItem,
  rounds: RoundTerms[],
  event: { type: ProgrammeSettingsEventItem['type']; roundId: string; changes: RoundFieldChange[] },
  by: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const audit: ProgrammeSettingsEventItem = {
    ...keys.programmeSettingsEvent(stored.programme, at, randomBytes(4).toString('hex')),
    programme: stored.programme,
    ...event,
    by,
    at,
  };
  const written = await transact({
    settings: updatePart({
      key: keys.programmeSettings(stored.programme),
      set: { rounds, version: stored.version + 1, updatedAt: at, updatedBy: by },
      condition: '#version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': stored.version },
    }),
    audit: putPart(audit as unknown as ProgrammeSettingsEventItem & Record<string, unknown>),
  });
  return written.ok;
}

/** The changes made to a programme's rounds, oldest first. */
export async function listSettingsEvents(
  programme: ProgrammeId,
): Promise<ProgrammeSettingsEventItem[]> {
  return queryPartition<ProgrammeSettingsEventItem>(keys.programmeSettings(programme).pk, 'EVENT#');
}
