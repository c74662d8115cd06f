// The staff registers as a fresh table gets them (their seed), for unit tests that start from a
// table already in use: then reading who is staff writes nothing.

import { PROGRAMME_IDS } from '../../shared/domain/programmes.js';
import { seedRegister } from '../../shared/domain/staff-seed.js';

export function seededRegisters(): Record<string, unknown>[] {
  return PROGRAMME_IDS.map((programme) => ({
    pk: `REGISTER#${programme}`,
    sk: 'STAFF',
    ...seedRegister(programme),
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
}
