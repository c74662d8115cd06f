import { describe, expect, it } from 'vitest';
import {
  PROGRAMMES,
  openRound,
  programmeInRound,
  roundWithInstants,
  type Programme,
  type Round,
} from '../../../shared/domain/programmes.js';
import {
  newRoundId,
  overlappingRound,
  parseRoundFields,
  planNewRound,
  planRoundEdit,
  type RoundChanges,
} from '../../../shared/domain/rounds.js';

const vest = PROGRAMMES['alis-vest'];
/** A winter day while the seed's 2027 rounds are open. */
const NOW = new Date('2026-12-03T10:00:00Z');

const NEW_2028 = {
  name: 'Søknadsrunde 2028',
  opensOn: '2027-09-01',
  closesOn: '2028-03-31',
  positions: 3,
  counties: ['Rogaland'],
};

function parsed(fields: Record<string, unknown>, mode: 'create' | 'edit' = 'create'): RoundChanges {
  const result = parseRoundFields(fields, vest, mode);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function created(programme: Programme, fields: Record<string, unknown>, now = NOW): Round {
  const result = planNewRound(programme, parsed(fields), now);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.round;
}

function withRound(programme: Programme, round: Round): Programme {
  return { ...programme, rounds: [...programme.rounds, round] };
}

describe('the seed', () => {
  it('keeps the windows the rounds had as instants: the closing day included, in Oslo time', () => {
    const nord = PROGRAMMES['alis-nord'].rounds;
    expect(nord.map((r) => [r.opensAt, r.closesAt])).toEqual([
      ['2018-12-31T23:00:00.000Z', '2019-04-01T22:00:00.000Z'],
      ['2026-08-31T22:00:00.000Z', '2027-04-30T22:00:00.000Z'],
    ]);
    expect(vest.rounds[0]).toMatchObject({
      opensAt: '2019-01-08T23:00:00.000Z',
      closesAt: '2019-02-15T23:00:00.000Z',
      counties: ['Rogaland', 'Møre og Romsdal'],
    });
    for (const round of [...nord, ...vest.rounds]) {
      expect(round).toMatchObject({ maxYearlyAmount: 200_000, maxPositionsPerMunicipality: 2 });
    }
    expect(vest.rounds[1]!.municipalShare).toBe(50_000);
  });

  it('is open on the closing day until Oslo midnight, and not after', () => {
    expect(openRound(vest, new Date('2027-04-30T21:59:59Z'))?.id).toBe('alis-vest-2027');
    expect(openRound(vest, new Date('2027-04-30T22:00:00Z'))).toBeUndefined();
  });
});

describe('programmeInRound', () => {
  it('puts the round’s amounts and cap in place of the programme’s defaults', () => {
    const round = created(vest, {
      ...NEW_2028,
      maxYearlyAmount: 180_000,
      municipalShare: 40_000,
      maxPositionsPerMunicipality: 1,
    });
    expect(programmeInRound(vest, round)).toMatchObject({
      grantPerPositionPerYear: 180_000,
      municipalSharePerPositionPerYear: 40_000,
      maxPositionsPerMunicipality: 1,
      name: 'ALIS-Vest',
    });
  });
});

describe('parseRoundFields', () => {
  it('reads a form’s strings and JSON’s values alike, counties in the programme’s order', () => {
    const form = parsed({
      ...NEW_2028,
      positions: '3',
      counties: ['Møre og Romsdal', 'Rogaland', 'Rogaland'],
      maxYearlyAmount: '180 000',
      csrf: 'ignored',
    });
    expect(form).toEqual({
      ...NEW_2028,
      counties: ['Rogaland', 'Møre og Romsdal'],
      maxYearlyAmount: 180_000,
    });
  });

  it('names every missing or wrong field of a new round, in bokmål', () => {
    const result = parseRoundFields(
      { opensOn: '2027-02-29', positions: 2.5, counties: ['Oslo'], municipalShare: -1 },
      vest,
      'create',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      'closesOn:required',
      'counties:county-not-in-programme',
      'municipalShare:out-of-range',
      'name:required',
      'opensOn:invalid-date',
      'positions:invalid',
    ]);
    expect(result.errors.every((e) => /[a-zæøå]/.test(e.message))).toBe(true);
  });

  it('wants at least one change in an edit, and takes closeNow only as true', () => {
    expect(parseRoundFields({ csrf: 'x' }, vest, 'edit')).toMatchObject({
      ok: false,
      errors: [{ code: 'nothing-to-change' }],
    });
    expect(parsed({ closeNow: 'true' }, 'edit')).toEqual({ closeNow: true });
    expect(parseRoundFields({ closeNow: 'yes' }, vest, 'edit')).toMatchObject({ ok: false });
  });
});

describe('planNewRound', () => {
  it('fills the terms from the programme’s defaults and names the round by its closing year', () => {
    const round = created(vest, NEW_2028);
    expect(round).toMatchObject({
      id: 'alis-vest-2028',
      maxYearlyAmount: 200_000,
      municipalShare: 50_000,
      maxPositionsPerMunicipality: 2,
      opensAt: '2027-08-31T22:00:00.000Z',
      closesAt: '2028-03-31T22:00:00.000Z',
    });
    expect(newRoundId(withRound(vest, round), '2028-12-31')).toBe('alis-vest-2028-2');
  });

  it('answers the round a repeated post made, instead of a second one', () => {
    const round = created(vest, NEW_2028);
    const again = planNewRound(withRound(vest, round), parsed(NEW_2028), NOW);
    expect(again).toEqual({ ok: true, value: { round, created: false } });
  });

  it('refuses a round that would take applications while another does (409), but not one after it', () => {
    const overlapping = planNewRound(vest, parsed({ ...NEW_2028, opensOn: '2027-04-30' }), NOW);
    expect(overlapping).toMatchObject({ ok: false, status: 409 });
    expect(planNewRound(vest, parsed({ ...NEW_2028, opensOn: '2027-05-01' }), NOW).ok).toBe(true);
  });

  it('refuses an opening day in the past, a closing day before it, and an egenandel not below the amount', () => {
    const result = planNewRound(
      vest,
      parsed({
        ...NEW_2028,
        opensOn: '2026-12-02',
        closesOn: '2026-12-01',
        maxYearlyAmount: 50_000,
        municipalShare: 50_000,
      }),
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.code).sort()).toEqual([
      'before-opening',
      'in-the-past',
      'share-not-below-amount',
    ]);
  });
});

describe('planRoundEdit', () => {
  const planned = created(vest, NEW_2028);
  const programme = withRound(vest, planned);
  const open2027 = vest.rounds[1]!;
  const edit = (round: Round, fields: Record<string, unknown>, approvedPositions = 0, now = NOW) =>
    planRoundEdit(programme, round, parsed(fields, 'edit'), { now, approvedPositions });

  it('lets anything change before the round opens, and records old and new values', () => {
    const result = edit(planned, { counties: ['Vestland'], maxYearlyAmount: 150_000, name: 'Ny' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.round).toMatchObject({ counties: ['Vestland'], maxYearlyAmount: 150_000 });
    expect(result.value.changes).toEqual([
      { field: 'name', old: 'Søknadsrunde 2028', new: 'Ny' },
      { field: 'counties', old: ['Rogaland'], new: ['Vestland'] },
      { field: 'maxYearlyAmount', old: 200_000, new: 150_000 },
    ]);
  });

  it('refuses, once open, every change but a later closing day, more positions and closing now', () => {
    for (const fields of [
      { counties: ['Rogaland'] },
      { opensOn: '2026-12-10' },
      { name: 'Annet navn' },
      { municipalShare: 0 },
      { maxPositionsPerMunicipality: 3 },
    ]) {
      expect(edit(open2027, fields)).toMatchObject({
        ok: false,
        status: 409,
        errors: [{ path: Object.keys(fields)[0], code: 'round-started' }],
      });
    }
    expect(edit(open2027, { closesOn: '2027-04-29' })).toMatchObject({
      errors: [{ code: 'closes-earlier' }],
    });
    expect(edit(open2027, { positions: 14 })).toMatchObject({
      errors: [{ code: 'fewer-positions' }],
    });
    expect(edit(open2027, { positions: 16 }, 17)).toMatchObject({
      errors: [{ code: 'below-approved' }],
    });
    const more = edit(open2027, { positions: 20, closesOn: '2027-05-31' }, 3);
    expect(more).toMatchObject({ ok: true, value: { round: { positions: 20 } } });
  });

  it('takes the current values sent again as no change, so the page’s form may send every field', () => {
    const same = edit(open2027, {
      name: open2027.name,
      opensOn: open2027.opensOn,
      closesOn: open2027.closesOn,
      positions: open2027.positions,
      counties: [...open2027.counties],
    });
    expect(same).toMatchObject({ ok: true, value: { changes: [] } });
  });

  it('closes now once; closing again changes nothing, and a round closed early stays closed', () => {
    const closed = edit(open2027, { closeNow: true });
    expect(closed.ok).toBe(true);
    if (!closed.ok) return;
    expect(closed.value.round.closesAt).toBe(NOW.toISOString());
    expect(closed.value.changes).toEqual([
      { field: 'closedEarlyAt', old: null, new: NOW.toISOString() },
    ]);
    const later = new Date(NOW.getTime() + 60_000);
    expect(edit(closed.value.round, { closeNow: true }, 0, later)).toMatchObject({
      ok: true,
      value: { changes: [] },
    });
    expect(edit(closed.value.round, { closesOn: '2027-06-30' }, 0, later)).toMatchObject({
      errors: [{ code: 'closed-early' }],
    });
    expect(edit(closed.value.round, { positions: 16 }, 0, later).ok).toBe(true);
  });

  it('refuses a later closing day that runs into the next round', () => {
    const next = roundWithInstants({
      ...planned,
      id: 'alis-vest-2028',
      opensOn: '2027-05-01',
    });
    const both = { ...vest, rounds: [...vest.rounds, next] };
    const result = planRoundEdit(both, open2027, parsed({ closesOn: '2027-05-15' }, 'edit'), {
      now: NOW,
      approvedPositions: 0,
    });
    expect(result).toMatchObject({
      ok: false,
      status: 409,
      errors: [{ code: 'overlapping-round' }],
    });
  });
});

describe('overlappingRound', () => {
  it('looks only forward: a round closed early this morning does not clash with one opening today', () => {
    const closedEarly = roundWithInstants({ ...vest.rounds[1]!, closedEarlyAt: NOW.toISOString() });
    const today = roundWithInstants({
      ...vest.rounds[1]!,
      id: 'alis-vest-2028',
      opensOn: '2026-12-03',
      closesOn: '2028-03-31',
    });
    expect(overlappingRound(today, [closedEarly], NOW)).toBeUndefined();
    expect(overlappingRound(today, [vest.rounds[1]!], NOW)?.id).toBe('alis-vest-2027');
  });
});
