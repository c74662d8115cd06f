import { describe, expect, it } from 'vitest';
import { validateApplication, type FieldError } from '../../../shared/domain/application.js';
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
    if (result.ok)
      expect(result.application.municipality.organisationNumber).toBe(
        fixture.municipality.organisationNumber,
      );
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
