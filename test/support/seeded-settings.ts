// The programmes' settings as a fresh table holds them after its first read: for tests of code
// that reads the programme as it runs (shared/services/programme-settings.ts) but is about
// something else. Backs the table fake with the seed items only.

import { PROGRAMME_IDS } from '../../shared/domain/programmes.js';
import { seedSettingsItem } from '../../shared/store/programme-settings.js';
import { type FakeItem, fakeTable } from './table-fake.js';

export function seededSettingsItems(now = new Date('2026-01-01T00:00:00Z')): FakeItem[] {
  return PROGRAMME_IDS.map((id) => seedSettingsItem(id, now));
}

/** A table fake that holds the seeded settings (and `items`), nothing else. */
export function seedProgrammeSettings(items: FakeItem[] = []): Map<string, FakeItem> {
  return fakeTable([...seededSettingsItems(), ...items]);
}
