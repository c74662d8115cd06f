// The lead's rounds: open a new one, change one, and the list the admin page shows. The rules
// are pure (shared/domain/rounds.ts); this reads what they need, writes what they answer with its
// audit event, and plans again if another lead's change came in between.

import type { ProgrammeId, Round, RoundTerms } from '../domain/programmes.js';
import {
  ROUND_FIELDS,
  type RoundFieldChange,
  parseRoundFields,
  planNewRound,
  planRoundEdit,
  type RoundResult,
} from '../domain/rounds.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { logger } from '../adapters/logger.js';
import { approvedPositionsOf } from '../store/capacity.js';
import type { ProgrammeSettingsEventItem } from '../store/items.js';
import {
  listSettingsEvents,
  readProgrammeSettings,
  saveRounds,
} from '../store/programme-settings.js';
import { programmeOf } from './programme-settings.js';

/** Two leads at once: the later plans again on the earlier's result, a few times at most. */
const SAVE_ATTEMPTS = 3;

function unwrap<T>(result: RoundResult<T>): T {
  if (result.ok) return result.value;
  throw result.status === 400
    ? new ValidationError(result.errors)
    : new ConflictError(result.errors);
}

function termsOf(round: Round): RoundTerms {
  const { opensAt: _o, closesAt: _c, ...terms } = round;
  return { ...terms, counties: [...terms.counties] };
}

/** Opens a new round from a lead's post. The same post again answers the round it made. */
export async function createRound(
  programmeId: ProgrammeId,
  fields: Record<string, unknown>,
  by: string,
  now = new Date(),
): Promise<{ roundId: string; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const stored = await readProgrammeSettings(programmeId, now);
    const programme = programmeOf(stored);
    const post = unwrap(parseRoundFields(fields, programme, 'create'));
    const { round, created } = unwrap(planNewRound(programme, post, now));
    if (!created) return { roundId: round.id, created: false };
    // A new round's record holds every term it was opened with, each "changed" from nothing.
    const changes: RoundFieldChange[] = ROUND_FIELDS.map((field) => ({
      field,
      old: null,
      new: round[field],
    }));
    const saved = await saveRounds(
      stored,
      [...stored.rounds, termsOf(round)],
      { type: 'round-created', roundId: round.id, changes },
      by,
      now,
    );
    if (saved) {
      logger.info('round created', { programme: programmeId, roundId: round.id });
      return { roundId: round.id, created: true };
    }
    if (attempt >= SAVE_ATTEMPTS) throw busy();
  }
}

/** Changes a round as far as its state allows; answers the round as it now is. */
export async function editRound(
  programmeId: ProgrammeId,
  roundId: string,
  fields: Record<string, unknown>,
  by: string,
  now = new Date(),
): Promise<{ round: Round; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const stored = await readProgrammeSettings(programmeId, now);
    const programme = programmeOf(stored);
    const current = programme.rounds.find((r) => r.id === roundId);
    if (!current) throw new NotFoundError(`No round ${roundId} in ${programmeId}`);
    const post = unwrap(parseRoundFields(fields, programme, 'edit'));
    const approvedPositions = await approvedPositionsOf(roundId);
    const { round, changes } = unwrap(
      planRoundEdit(programme, current, post, { now, approvedPositions }),
    );
    if (changes.length === 0) return { round: current, changed: false };
    const rounds = stored.rounds.map((r) => (r.id === roundId ? termsOf(round) : r));
    const saved = await saveRounds(
      stored,
      rounds,
      { type: 'round-changed', roundId, changes },
      by,
      now,
    );
    if (saved) {
      logger.info('round changed', {
        programme: programmeId,
        roundId,
        fields: changes.map((c) => c.field),
      });
      return { round, changed: true };
    }
    if (attempt >= SAVE_ATTEMPTS) throw busy();
  }
}

export interface AdminRound extends Round {
  approvedPositions: number;
  history: Pick<ProgrammeSettingsEventItem, 'type' | 'by' | 'at' | 'changes'>[];
}

/** A programme's rounds, newest first, each with its approved positions and its changes. */
export async function roundsForAdmin(programmeId: ProgrammeId): Promise<AdminRound[]> {
  const [stored, events] = await Promise.all([
    readProgrammeSettings(programmeId),
    listSettingsEvents(programmeId),
  ]);
  const programme = programmeOf(stored);
  const approved = await Promise.all(programme.rounds.map((r) => approvedPositionsOf(r.id)));
  return programme.rounds
    .map((round, i) => ({
      ...round,
      approvedPositions: approved[i] ?? 0,
      history: events
        .filter((e) => e.roundId === round.id)
        .map(({ type, by, at, changes }) => ({ type, by, at, changes })),
    }))
    .reverse();
}

function busy(): ConflictError {
  return new ConflictError([
    {
      path: '',
      code: 'changed-meanwhile',
      message: 'Rundene ble endret av noen andre samtidig. Last siden på nytt og prøv igjen.',
    },
  ]);
}
