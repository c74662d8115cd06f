import { describe, expect, it } from 'vitest';
import {
  checkRoundCounty,
  positionsOf,
  validateApplication,
  type FieldError,
} from '../../../shared/domain/application.js';
import { findMunicipality, municipalitiesIn } from '../../../shared/domain/identifiers.js';
import { PROGRAMMES, PROGRAMME_IDS } from '../../../shared/domain/programmes.js';
import nord from '../../fixtures/application-alis-nord.json';
import vest from '../../fixtures/application-alis-vest.json';

type Fixture = typeof nord;

function errorsOf(input: unknown): FieldError[] {
  const result = validateApplication(input);
  return result.ok ? [] : result.errors;
}

function withChange(base: Fixture | typeof vest, change: (copy: any) => void): unknown {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

describe('application schema', () => {
  it.each([
    ['alis-nord', nord],
    ['alis-vest', vest],
  ])('accepts the %s fixture as it stands', (_name, fixture) => {
    const result = validateApplication(fixture);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.application.municipality.organisationNumber).toBe(
        fixture.municipality.organisationNumber,
      );
      expect(result.application.municipality.name).toBe(
        findMunicipality(fixture.municipality.municipalityNumber)?.name,
      );
    }
  });

  it("takes group supervision and the supervisor's centre when given, and checks them like the rest", () => {
    const answered = withChange(nord, (a) => {
      a.supervisor.sameCentre = true;
      a.groupSupervision = 'Veiledningsgruppe fra første måned.';
    });
    expect(validateApplication(answered).ok).toBe(true);
    const wrong = withChange(nord, (a) => {
      a.supervisor.sameCentre = 'ja';
      a.groupSupervision = '   ';
    });
    expect(errorsOf(wrong).map((e) => e.path)).toEqual([
      'supervisor.sameCentre',
      'groupSupervision',
    ]);
  });

  it('reports every missing content item of an empty application at once, in bokmål', () => {
    const errors = errorsOf({ programme: 'alis-nord' });
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'municipality',
        'contact',
        'employmentModel',
        'positionsRequested',
        'recruitmentSituation',
        'patientList',
        'dailySupervision',
        'supervisor',
        'backupOnCall',
        'practice',
        'municipalDuties',
        'substituteArrangements',
        'candidate',
      ]),
    );
    expect(errors.every((e) => e.code === 'required')).toBe(true);
    expect(errors.find((e) => e.path === 'recruitmentSituation')?.message).toBe('Fyll inn feltet.');
  });

  it.each([null, [], 'søknad', 42])(
    'answers %j, which is no application, with one bokmål error and no fault',
    (input) => {
      expect(errorsOf(input)).toEqual([
        {
          path: '(root)',
          code: expect.any(String),
          message: 'Søknaden må være et JSON-objekt med feltene i søknaden.',
        },
      ]);
    },
  );

  it('says in bokmål what is wrong with a doctor that is not an object', () => {
    const errors = errorsOf(withChange(nord, (a) => (a.practice.doctors = ['lege'])));
    expect(errors).toEqual([
      {
        path: 'practice.doctors.0',
        code: 'invalid-type',
        message: 'Fyll inn alder og spesialitet for legen.',
      },
    ]);
  });

  it('rejects an unknown programme', () => {
    expect(errorsOf({ ...nord, programme: 'alis-sor' })).toEqual([
      expect.objectContaining({ path: 'programme', code: 'invalid-option' }),
    ]);
  });

  const rules: [string, Fixture | typeof vest, (a: any) => void, string, string][] = [
    [
      'a wrong organisation number check digit',
      nord,
      (a) => (a.municipality.organisationNumber = '944496395'),
      'municipality.organisationNumber',
      'checksum',
    ],
    [
      'an eight-digit organisation number',
      nord,
      (a) => (a.municipality.organisationNumber = '94449639'),
      'municipality.organisationNumber',
      'invalid-format',
    ],
    [
      'a municipality outside the programme',
      nord,
      (a) => (a.municipality.municipalityNumber = '4634'),
      'municipality.municipalityNumber',
      'not-in-programme',
    ],
    [
      'a municipality number that does not exist',
      nord,
      (a) => (a.municipality.municipalityNumber = '5699'),
      'municipality.municipalityNumber',
      'not-in-programme',
    ],
    [
      'a region that does not cover the county',
      nord,
      (a) => (a.municipality.region = 'nordlandssykehuset'),
      'municipality.region',
      'region-mismatch',
    ],
    [
      'a region of the other programme',
      nord,
      (a) => (a.municipality.region = 'helse-bergen'),
      'municipality.region',
      'unknown-region',
    ],
    [
      'a solo practice',
      nord,
      (a) => (a.practice.doctors = []),
      'practice.doctors',
      'solo-practice',
    ],
    [
      'a supervisor who is not a GP specialist',
      nord,
      (a) => (a.supervisor.gpSpecialist = false),
      'supervisor.gpSpecialist',
      'supervisor-not-specialist',
    ],
    [
      'too little supervision for ALIS-Nord (3 h)',
      nord,
      (a) => (a.supervisor.hoursPerMonth = 2.5),
      'supervisor.hoursPerMonth',
      'supervision-hours',
    ],
    [
      'too little supervision for ALIS-Vest (2 h)',
      vest,
      (a) => (a.supervisor.hoursPerMonth = 1.5),
      'supervisor.hoursPerMonth',
      'supervision-hours',
    ],
    [
      'more positions than the cap per municipality',
      nord,
      (a) => (a.positionsRequested = 3),
      'positionsRequested',
      'over-cap',
    ],
    ['no positions', nord, (a) => (a.positionsRequested = 0), 'positionsRequested', 'too-small'],
    [
      'an employed doctor without months completed',
      vest,
      (a) => delete a.candidate.monthsCompleted,
      'candidate.monthsCompleted',
      'required',
    ],
    [
      'self-employment in ALIS-Vest, which offers only salaried posts',
      vest,
      (a) => (a.employmentModel = 'self-employed'),
      'employmentModel',
      'model-not-offered',
    ],
    [
      'an unknown list solution',
      nord,
      (a) => (a.patientList.solution = 'private'),
      'patientList.solution',
      'invalid-option',
    ],
    [
      'unknown equipment',
      nord,
      (a) => a.practice.equipment.push('mri'),
      'practice.equipment.4',
      'invalid-option',
    ],
    [
      'an invalid e-mail address',
      nord,
      (a) => (a.contact.email = 'kari@'),
      'contact.email',
      'invalid-format',
    ],
    ['a blank text item', nord, (a) => (a.backupOnCall = '   '), 'backupOnCall', 'required'],
    [
      'a number sent as text',
      nord,
      (a) => (a.patientList.listSize = '600'),
      'patientList.listSize',
      'invalid-type',
    ],
  ];

  it.each(rules)('rejects %s', (_what, base, change, path, code) => {
    const errors = errorsOf(withChange(base, change));
    expect(errors).toContainEqual(expect.objectContaining({ path, code }));
    expect(errors.find((e) => e.path === path)?.message).toMatch(/[a-zæøå]/);
  });

  it('accepts self-employment in ALIS-Nord, which offers both models', () => {
    expect(errorsOf(withChange(nord, (a) => (a.employmentModel = 'self-employed')))).toEqual([]);
  });

  it('accepts a region that covers two counties from either', () => {
    expect(
      errorsOf(
        withChange(vest, (a) => {
          a.municipality.municipalityNumber = '1106'; // Haugesund, Rogaland
          a.municipality.name = 'Haugesund kommune';
          a.municipality.organisationNumber = '944073787';
          a.municipality.region = 'helse-fonna';
        }),
      ),
    ).toEqual([]);
  });

  it('checks the programme rules even when other fields are missing', () => {
    const errors = errorsOf({
      programme: 'alis-nord',
      supervisor: { name: 'X', gpSpecialist: false, hoursPerMonth: 1 },
    });
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'supervisor.gpSpecialist',
        code: 'supervisor-not-specialist',
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ path: 'supervisor.hoursPerMonth', code: 'supervision-hours' }),
    );
  });
});

describe('municipality name', () => {
  it('comes from the register by the number, whatever name was sent', () => {
    const result = validateApplication(
      withChange(nord, (a) => (a.municipality.name = 'Bodø kommune <b>HASTER</b>')),
    );
    expect(result.ok && result.application.municipality).toEqual({
      name: 'Vadsø',
      municipalityNumber: '5607',
      organisationNumber: nord.municipality.organisationNumber,
      region: nord.municipality.region,
    });
  });

  it('is not needed, and a name of the wrong type is dropped like any unknown field', () => {
    for (const name of [undefined, 42, { deep: [] }]) {
      const result = validateApplication(withChange(nord, (a) => (a.municipality.name = name)));
      expect(result.ok && result.application.municipality.name).toBe('Vadsø');
    }
  });

  it.each([
    ['5628', 'Deatnu - Tana'],
    ['5636', 'Unjárga - Nesseby'],
    ['1826', 'Aarborte - Hattfjelldal'],
    ['1841', 'Fauske - Fuossko'],
    ['1853', 'Evenes - Evenášši'],
    ['1870', 'Sortland - Suortá'],
    ['1875', 'Hábmer - Hamarøy'],
  ])('is the official Sámi form for %s: %s', (number, name) => {
    const region = number.startsWith('56') ? 'finnmarkssykehuset' : 'nordlandssykehuset';
    const result = validateApplication(
      withChange(nord, (a) => {
        a.municipality.municipalityNumber = number;
        a.municipality.region = region;
      }),
    );
    expect(result.ok && result.application.municipality.name).toBe(name);
  });
});

describe('round counties', () => {
  const vestExtension = PROGRAMMES['alis-vest'].rounds.find((r) => r.id === 'alis-vest-2019')!;

  it('refuses a Vestland municipality in the 2019 extension, which invited two other counties', () => {
    expect(checkRoundCounty(vestExtension, '4634')).toEqual({
      path: 'municipality.municipalityNumber',
      code: 'county-not-in-round',
      message:
        'Kommunen ligger i Vestland, men søknadsrunden som er åpen nå gjelder bare kommuner i Rogaland og Møre og Romsdal.',
    });
  });

  it.each(['1106', '1508'])('lets %s in Rogaland or Møre og Romsdal into the extension', (n) => {
    expect(checkRoundCounty(vestExtension, n)).toBeUndefined();
  });

  it('refuses a number outside the register', () => {
    expect(checkRoundCounty(vestExtension, '0000')).toEqual({
      path: 'municipality.municipalityNumber',
      code: 'county-not-in-round',
      message: 'Søknadsrunden som er åpen nå gjelder bare kommuner i Rogaland og Møre og Romsdal.',
    });
  });

  it.each(PROGRAMME_IDS)('keeps every county of %s in its 2026-27 round', (id) => {
    const programme = PROGRAMMES[id];
    const round = programme.rounds.find((r) => r.id === `${id}-2027`)!;
    expect([...round.counties].sort()).toEqual([...programme.counties].sort());
    for (const municipality of municipalitiesIn(programme.counties)) {
      expect(checkRoundCounty(round, municipality.number)).toBeUndefined();
    }
  });
});

describe('text fields', () => {
  const oneLinePaths = [
    'contact.name',
    'contact.role',
    'supervisor.name',
    'practice.doctors.0.specialty',
  ];
  const multiLinePaths = [
    'recruitmentSituation',
    'patientList.description',
    'dailySupervision',
    'backupOnCall',
    'practice.supportStaff.competence',
    'municipalDuties',
    'substituteArrangements',
  ];
  const setAt = (path: string, value: unknown) =>
    withChange(nord, (a) => {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce((node, key) => node[key], a);
      parent[keys.at(-1)!] = value;
    });

  it.each([...oneLinePaths, ...multiLinePaths])('%s refuses a NUL and a bidi override', (path) => {
    for (const value of ['Kari\u0000', '\u202eKari']) {
      expect(errorsOf(setAt(path, value))).toEqual([
        { path, code: 'control-characters', message: expect.stringMatching(/kontrolltegn/) },
      ]);
    }
  });

  it.each(oneLinePaths)('%s refuses a line break', (path) => {
    expect(errorsOf(setAt(path, 'Kari\nNordmann'))).toEqual([
      expect.objectContaining({ path, code: 'control-characters' }),
    ]);
  });

  it.each(multiLinePaths)('%s keeps the tabs and line breaks a textarea sends', (path) => {
    const value = 'Første linje\r\n\tandre linje\ntredje';
    const result = validateApplication(setAt(path, value));
    expect(result.ok).toBe(true);
    const keys = path.split('.');
    if (result.ok)
      expect(keys.reduce((node: any, key) => node[key], result.application)).toBe(value);
  });

  it.each([...oneLinePaths, ...multiLinePaths])('%s asks for a letter or a digit', (path) => {
    for (const value of ['<!--', '🙂🙂', '– … –']) {
      expect(errorsOf(setAt(path, value))).toEqual([
        { path, code: 'no-content', message: 'Skriv en tekst med bokstaver eller tall.' },
      ]);
    }
  });
});

describe('hostile JSON', () => {
  it.each([42, true, ['944496394'], { number: '944496394' }])(
    'answers an organisation number given as %j with a field error',
    (value) => {
      expect(
        errorsOf(withChange(nord, (a) => (a.municipality.organisationNumber = value))),
      ).toEqual([
        expect.objectContaining({ path: 'municipality.organisationNumber', code: 'invalid-type' }),
      ]);
    },
  );

  it.each([
    'municipality.municipalityNumber',
    'municipality.region',
    'employmentModel',
    'positionsRequested',
    'practice.doctors',
    'supervisor.gpSpecialist',
    'supervisor.hoursPerMonth',
  ])('answers %s of every wrong type with a field error at it', (path) => {
    const keys = path.split('.');
    const jsonType = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);
    const fixtureType = jsonType(keys.reduce((node: any, key) => node[key], nord));
    const wrongTypes = [42, true, 'x', [], [1], {}, { a: 1 }].filter(
      (value) => jsonType(value) !== fixtureType,
    );
    for (const value of wrongTypes) {
      const input = withChange(nord, (a) => {
        keys.slice(0, -1).reduce((node, key) => node[key], a)[keys.at(-1)!] = value;
      });
      const errors = errorsOf(input);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.path === path || e.path.startsWith(`${path}.`))).toBe(true);
    }
  });

  it('answers tens of thousands of wrong list items with one error per list', () => {
    const errors = errorsOf(
      withChange(nord, (a) => {
        a.practice.doctors = Array(30_000).fill('lege');
        a.practice.equipment = Array(30_000).fill('mri');
      }),
    );
    expect(errors).toEqual([
      { path: 'practice.doctors', code: 'too-large', message: 'Høyst 50 leger.' },
      {
        path: 'practice.equipment',
        code: 'too-large',
        message: 'Hvert utstyr kan bare velges én gang.',
      },
    ]);
  });

  it('answers JSON nested thousands of levels deep, in a field or an unknown one', () => {
    let deep: unknown = 'bunn';
    for (let level = 0; level < 10_000; level++) deep = level % 2 ? [deep] : { x: deep };
    expect(errorsOf(withChange(nord, (a) => (a.contact.name = deep)))).toEqual([
      expect.objectContaining({ path: 'contact.name', code: 'invalid-type' }),
    ]);
    expect(validateApplication(withChange(nord, (a) => (a.unknown = deep))).ok).toBe(true);
  });
});

describe('positions', () => {
  const fresh = { kind: 'new-position' } as const;
  const employed = { kind: 'employed-doctor', monthsCompleted: 30 } as const;
  const listed = (positions: unknown) =>
    withChange(nord, (a) => {
      delete a.positionsRequested;
      delete a.candidate;
      a.positions = positions;
    });

  it('takes a list of positions, each with its candidate', () => {
    const result = validateApplication(listed([{ candidate: employed }, { candidate: employed }]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(positionsOf(result.application)).toEqual([
      { candidate: employed },
      { candidate: employed },
    ]);
    expect(result.application.positionsRequested).toBe(2);
  });

  it('takes positions whose candidates differ: each position has its own plan', () => {
    const mixed = validateApplication(listed([{ candidate: employed }, { candidate: fresh }]));
    expect(mixed.ok).toBe(true);
    if (mixed.ok) {
      expect(positionsOf(mixed.application)).toEqual([
        { candidate: employed },
        { candidate: fresh },
      ]);
    }
  });

  it('reads the older count with one candidate as that many positions with that candidate', () => {
    const result = validateApplication(withChange(nord, (a) => (a.positionsRequested = 2)));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.application.positions).toEqual([{ candidate: fresh }, { candidate: fresh }]);
    }
    // An item stored before the list existed has none: read the same way.
    expect(positionsOf({ positionsRequested: 2, candidate: employed })).toEqual([
      { candidate: employed },
      { candidate: employed },
    ]);
  });

  it('refuses an empty list, more than the programme allows, a bad candidate and both shapes at once', () => {
    expect(errorsOf(listed([])).map((e) => e.path)).toEqual(['positions']);
    const three = errorsOf(
      listed([{ candidate: fresh }, { candidate: fresh }, { candidate: fresh }]),
    );
    expect(three.map((e) => [e.path, e.code])).toEqual([['positions', 'over-cap']]);
    expect(three[0]!.message).toContain('høyst 2 ALIS-stillinger');
    expect(errorsOf(listed([{ candidate: { kind: 'x' } }])).map((e) => e.path)).toEqual([
      'positions.0.candidate.kind',
    ]);
    const both = withChange(nord, (a) => (a.positions = [{ candidate: fresh }]));
    expect(errorsOf(both).map((e) => [e.path, e.code])).toEqual([['positions', 'both-forms']]);
  });
});
