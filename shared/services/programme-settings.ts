// The programmes as they run: their settings and rounds read from the table (seeded from the
// code's configuration on first read, shared/store/programme-settings.ts). Every rule about a
// round (which is open, its counties, capacity and amounts) reads the programme through here, so
// a round the lead opened or changed counts at once, without a deploy. One consistent read per
// programme and request: small, and never stale across Lambda instances.

import {
  PROGRAMMES,
  PROGRAMME_IDS,
  openRound,
  programmeInRound,
  roundWithInstants,
  type Programme,
  type ProgrammeId,
  type Round,
} from '../domain/programmes.js';
import type { ProgrammeSettingsItem } from '../store/items.js';
import { readProgrammeSettings } from '../store/programme-settings.js';

export function programmeOf(stored: ProgrammeSettingsItem): Programme {
  const seed = PROGRAMMES[stored.programme];
  return {
    // Anything the stored settings lack (a setting added to the code since) comes from the seed.
    ...seed,
    ...stored.settings,
    // A block the stored settings hold only in part (a field added since) is completed the same way.
    privacy: { ...seed.privacy, ...stored.settings.privacy },
    id: seed.id,
    people: seed.people,
    rounds: stored.rounds.map(roundWithInstants),
  };
}

/** A programme with its settings and rounds as the office has them now. */
export async function loadProgramme(programme: ProgrammeId, now = new Date()): Promise<Programme> {
  return programmeOf(await readProgrammeSettings(programme, now));
}

export async function loadProgrammes(
  ids: readonly ProgrammeId[] = PROGRAMME_IDS,
): Promise<Programme[]> {
  return Promise.all(ids.map((id) => loadProgramme(id)));
}

/** The programme a round id belongs to: round ids begin with their programme's id. */
export function programmeOfRoundId(roundId: string): ProgrammeId | undefined {
  return PROGRAMME_IDS.find((id) => roundId.startsWith(`${id}-`));
}

/** A round by its id, with its programme. */
export async function loadRound(
  roundId: string,
): Promise<{ programme: Programme; round: Round } | undefined> {
  const id = programmeOfRoundId(roundId);
  if (!id) return undefined;
  const programme = await loadProgramme(id);
  const round = programme.rounds.find((r) => r.id === roundId);
  return round && { programme, round };
}

/**
 * The programme as an application sees it: with its own round's amounts and cap, whatever the
 * programme's defaults or later rounds say (`programmeInRound`).
 */
export async function programmeForApplication(app: {
  programme: ProgrammeId;
  roundId: string;
}): Promise<{ programme: Programme; round: Round | undefined }> {
  const programme = await loadProgramme(app.programme);
  const round = programme.rounds.find((r) => r.id === app.roundId);
  return { programme: round ? programmeInRound(programme, round) : programme, round };
}

/** A programme as it runs, with its open round if it has one, and that round's terms applied. */
export async function programmeWithOpenRound(
  id: ProgrammeId,
  now = new Date(),
): Promise<{ programme: Programme; round: Round | undefined }> {
  const running = await loadProgramme(id, now);
  const round = openRound(running, now);
  return { programme: round ? programmeInRound(running, round) : running, round };
}
