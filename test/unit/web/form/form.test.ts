import { describe, expect, it } from 'vitest';
import { validateApplication, type Application } from '../../../../shared/domain/application.js';
import {
  IDEMPOTENCY_FIELD,
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
} from '../../../../shared/web/form/convert.js';
import { formValuesToSearchParams } from '../../../support/form.js';
import { fieldForError, formSections, leafFields } from '../../../../shared/web/form/fields.js';
import { PROGRAMMES } from '../../../../shared/domain/programmes.js';
import nord from '../../../fixtures/application-alis-nord.json';
import vest from '../../../fixtures/application-alis-vest.json';

function parsed(fixture: unknown): Application {
  const result = validateApplication(fixture);
  if (!result.ok) throw new Error(`fixture invalid: ${JSON.stringify(result.errors)}`);
  return result.application;
}

function errorsOf(input: unknown) {
  const result = validateApplication(input);
  return result.ok ? [] : result.errors;
}

describe('form ⇄ application', () => {
  it.each([
    ['alis-nord', nord],
    ['alis-vest', vest],
  ])('round-trips the %s fixture through the form fields', (_name, fixture) => {
    const application = parsed(fixture);

    const form = formValuesToSearchParams(applicationToFormValues(application));
    const result = validateApplication(formToApplicationInput(form));

    expect(result).toEqual({ ok: true, application });
  });

  it('sends no municipality name (validation takes the register) and leaves the key out', () => {
    const form = formValuesToSearchParams(applicationToFormValues(parsed(nord)));
    form.set(IDEMPOTENCY_FIELD, 'key-1');
    form.set('municipality.name', 'Ikke en kommune');

    const input = formToApplicationInput(form) as Record<string, unknown> & {
      municipality: Record<string, unknown>;
    };

    expect(input.municipality).not.toHaveProperty('name');
    expect(input).not.toHaveProperty(IDEMPOTENCY_FIELD);
    const validated = validateApplication(input);
    expect(validated.ok && validated.application.municipality.name).toBe('Vadsø');
  });

  it('offers only the municipalities of the counties the round invites', () => {
    const vestProgramme = PROGRAMMES['alis-vest'];
    const extension = vestProgramme.rounds.find((r) => r.counties.length === 2)!;
    const select = leafFields(formSections(vestProgramme, extension)).find(
      (f) => f.path === 'municipality.municipalityNumber',
    ) as { options: { value: string }[] };
    expect(select.options.length).toBeGreaterThan(0);
    expect(select.options.every((o) => /^(11|15)/.test(o.value))).toBe(true);
  });

  it('gives an empty form its field errors at the JSON paths', () => {
    const paths = errorsOf(
      formToApplicationInput(new URLSearchParams({ programme: 'alis-nord' })),
    ).map((e) => e.path);

    expect(paths).toEqual(
      expect.arrayContaining([
        'municipality.municipalityNumber',
        'municipality.organisationNumber',
        'municipality.region',
        'contact.name',
        'contact.role',
        'contact.email',
        'contact.phone',
        'employmentModel',
        'positions',
        'recruitmentSituation',
        'patientList.solution',
        'patientList.listSize',
        'patientList.description',
        'dailySupervision',
        'supervisor.name',
        'supervisor.gpSpecialist',
        'supervisor.hoursPerMonth',
        'backupOnCall',
        'practice.doctors',
        'practice.officeForAlis',
        'practice.supportStaff.count',
        'practice.supportStaff.competence',
        'municipalDuties',
        'substituteArrangements',
      ]),
    );
  });

  it('maps every error of an empty form to a field of the page', () => {
    const sections = formSections(PROGRAMMES['alis-nord'], PROGRAMMES['alis-nord'].rounds.at(-1)!);
    const errors = errorsOf(
      formToApplicationInput(new URLSearchParams({ programme: 'alis-nord' })),
    );

    const unplaced = errors.filter(
      (e) => e.path !== 'municipality.name' && !fieldForError(e.path, sections),
    );

    expect(unplaced).toEqual([]);
    expect(fieldForError('positions.1.candidate', sections)).toBe('positions.1.candidate.kind');
    expect(fieldForError('positions', sections)).toBe('positions');
    // The services' capacity checks name the older shape's count.
    expect(fieldForError('positionsRequested', sections)).toBe('positions');
    expect(fieldForError('practice.equipment.3', sections)).toBe('practice.equipment');
  });

  it('converts numbers where they parse and leaves other text for validation to name', () => {
    const form = formValuesToSearchParams({
      ...applicationToFormValues(parsed(nord)),
      'supervisor.hoursPerMonth': 'tre',
      'patientList.listSize': '1 200',
    });

    const input = formToApplicationInput(form) as {
      supervisor: { hoursPerMonth: unknown };
      patientList: { listSize: unknown };
    };
    const errors = errorsOf(input);

    expect(input.supervisor.hoursPerMonth).toBe('tre');
    expect(input.patientList.listSize).toBe(1200);
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'supervisor.hoursPerMonth',
        message: 'Skriv antall timer som et tall.',
      }),
    ]);
    expect(
      (
        formToApplicationInput(
          formValuesToSearchParams({
            ...applicationToFormValues(parsed(nord)),
            'supervisor.hoursPerMonth': '3,5',
          }),
        ) as { supervisor: { hoursPerMonth: unknown } }
      ).supervisor.hoursPerMonth,
    ).toBe(3.5);
    expect(errors[0]!.code).not.toBe('required');
  });

  it("asks about group supervision, the supervisor's centre and a suitable office, and round-trips the answers", () => {
    const fields = leafFields(
      formSections(PROGRAMMES['alis-nord'], PROGRAMMES['alis-nord'].rounds[1]!),
    );
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('groupSupervision')?.label).toContain('gruppeveiledning');
    expect(byPath.get('supervisor.sameCentre')?.label).toContain('samme legesenter');
    expect(byPath.get('practice.officeForAlis')?.label).toBe('Får ALIS et egnet kontor?');
    expect(JSON.stringify(fields)).not.toContain('eget kontor');

    const application = parsed({
      ...nord,
      supervisor: { ...nord.supervisor, sameCentre: false },
      groupSupervision: 'Gruppe med fire ALIS fra første måned, ledet av kommuneoverlegen.',
    });
    const form = formValuesToSearchParams(applicationToFormValues(application));
    expect(form.get('supervisor.sameCentre')).toBe('no');
    expect(validateApplication(formToApplicationInput(form))).toEqual({ ok: true, application });
  });

  it('reads yes/no radios as booleans and checkboxes as a list', () => {
    const form = formValuesToSearchParams({
      ...applicationToFormValues(parsed(nord)),
      'supervisor.gpSpecialist': 'no',
      'practice.officeForAlis': 'yes',
      'practice.equipment': ['ecg', 'doppler'],
    });

    const input = formToApplicationInput(form) as {
      supervisor: { gpSpecialist: unknown };
      practice: { officeForAlis: unknown; equipment: unknown };
    };

    expect(input.supervisor.gpSpecialist).toBe(false);
    expect(input.practice.officeForAlis).toBe(true);
    expect(input.practice.equipment).toEqual(['ecg', 'doppler']);
  });

  it('drops empty doctor rows and closes up the rest, in the input and in the values shown again', () => {
    const values = applicationToFormValues(parsed(nord));
    for (const key of Object.keys(values))
      if (key.startsWith('practice.doctors.')) delete values[key];
    const form = formValuesToSearchParams({
      ...values,
      'practice.doctors.0.age': '',
      'practice.doctors.0.specialty': '',
      'practice.doctors.1.age': '61',
      'practice.doctors.1.specialty': 'allmennmedisin',
      'practice.doctors.2.age': '',
      'practice.doctors.2.specialty': '',
      'practice.doctors.3.age': 'gammel',
      'practice.doctors.3.specialty': 'LIS1',
    });

    const input = formToApplicationInput(form) as { practice: { doctors: unknown[] } };
    const shown = formValuesFrom(form);

    expect(input.practice.doctors).toEqual([
      { age: 61, specialty: 'allmennmedisin' },
      { age: 'gammel', specialty: 'LIS1' },
    ]);
    expect(errorsOf(input).map((e) => e.path)).toEqual(['practice.doctors.1.age']);
    expect(shown['practice.doctors.1.age']).toBe('gammel');
    expect(shown['practice.doctors.2.age']).toBeUndefined();
    expect(shown).not.toHaveProperty(IDEMPOTENCY_FIELD);
  });

  it('asks for the months of an employed doctor, and ignores them for a new position', () => {
    const base = applicationToFormValues(parsed(vest));

    const employed = formToApplicationInput(
      formValuesToSearchParams({
        ...base,
        'positions.0.candidate.kind': 'employed-doctor',
        'positions.0.candidate.monthsCompleted': '',
      }),
    );
    const fresh = formToApplicationInput(
      formValuesToSearchParams({
        ...base,
        'positions.0.candidate.kind': 'new-position',
        'positions.0.candidate.monthsCompleted': '14',
      }),
    );

    expect(errorsOf(employed).map((e) => e.path)).toEqual([
      'positions.0.candidate.monthsCompleted',
    ]);
    expect((fresh as { positions: unknown }).positions).toEqual([
      { candidate: { kind: 'new-position' } },
    ]);
  });

  it('keeps what was posted, checkbox lists included', () => {
    const form = new URLSearchParams([
      ['contact.name', 'Kari'],
      ['practice.equipment', 'ecg'],
      ['practice.equipment', 'laboratory'],
      [IDEMPOTENCY_FIELD, 'abc'],
    ]);

    expect(formValuesFrom(form)).toEqual({
      'contact.name': 'Kari',
      'practice.equipment': ['ecg', 'laboratory'],
    });
  });
});
