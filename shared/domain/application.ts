// The application a municipality submits: its shape (zod) and the programme's rules.
// The JSON fixtures in test/fixtures are the contract; messages are bokmål for the applicant.

import * as z from 'zod';
import { findMunicipality, isValidOrganisationNumber } from './identifiers.js';
import {
  EMPLOYMENT_MODELS,
  PROGRAMMES,
  PROGRAMME_IDS,
  isProgrammeId,
  type Programme,
} from './programmes.js';

export const LIST_SOLUTIONS = [
  'municipal-list',
  'shared-list',
  'split-list',
  'bought-out-list',
  'other',
] as const;
export const EQUIPMENT = [
  'ecg',
  'spirometry',
  'rectoscopy',
  'audiometry',
  'minor-surgery',
  'doppler',
  'laboratory',
] as const;

const SHORT_TEXT = 200;
const LONG_TEXT = 4000;

const text = (max: number) =>
  z
    .string({ error: 'Fyll inn feltet.' })
    .trim()
    .min(1, { error: 'Fyll inn feltet.' })
    .max(max, { error: `Teksten kan ikke være lengre enn ${max} tegn.` });

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: 'Skriv et helt tall.' })
    .int({ error: 'Skriv et helt tall.' })
    .min(min, { error: `Tallet må være minst ${min}.` })
    .max(max, { error: `Tallet kan ikke være større enn ${max}.` });

export const applicationSchema = z.object(
  {
    programme: z.enum(PROGRAMME_IDS, {
      error: 'Velg et ALIS-program (alis-nord eller alis-vest).',
    }),
    municipality: z.object(
      {
        name: text(SHORT_TEXT),
        municipalityNumber: z
          .string({ error: 'Fyll inn kommunenummer.' })
          .regex(/^\d{4}$/, { error: 'Kommunenummer har fire sifre, for eksempel 5607.' }),
        organisationNumber: z
          .string({ error: 'Fyll inn organisasjonsnummer.' })
          .transform((s) => s.replace(/\s/g, ''))
          .pipe(z.string().regex(/^\d{9}$/, { error: 'Organisasjonsnummer har ni sifre.' })),
        region: z.string({ error: 'Velg helseforetak.' }).min(1, { error: 'Velg helseforetak.' }),
      },
      { error: 'Fyll inn opplysninger om kommunen.' },
    ),
    contact: z.object(
      {
        name: text(SHORT_TEXT),
        role: text(SHORT_TEXT),
        email: z
          .email({ error: 'Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.' })
          .max(254),
        phone: z
          .string({ error: 'Fyll inn telefonnummer.' })
          .trim()
          .regex(/^\+?[\d ()-]{8,20}$/, {
            error: 'Skriv et gyldig telefonnummer, for eksempel +47 78 94 23 00.',
          }),
      },
      { error: 'Fyll inn kontaktperson.' },
    ),
    employmentModel: z.enum(EMPLOYMENT_MODELS, { error: 'Velg tilknytningsform.' }),
    positionsRequested: wholeNumber(1, 50),
    recruitmentSituation: text(LONG_TEXT),
    patientList: z.object(
      {
        solution: z.enum(LIST_SOLUTIONS, { error: 'Velg listeløsning.' }),
        listSize: wholeNumber(0, 5000),
        description: text(LONG_TEXT),
      },
      { error: 'Fyll inn opplysninger om pasientliste.' },
    ),
    dailySupervision: text(LONG_TEXT),
    supervisor: z.object(
      {
        name: text(SHORT_TEXT),
        gpSpecialist: z.boolean({ error: 'Svar på om veilederen er spesialist i allmennmedisin.' }),
        hoursPerMonth: z
          .number({ error: 'Skriv antall timer som et tall.' })
          .min(0, { error: 'Antall timer kan ikke være negativt.' })
          .max(200, { error: 'Antall timer kan ikke være større enn 200.' }),
      },
      { error: 'Fyll inn opplysninger om veileder.' },
    ),
    backupOnCall: text(LONG_TEXT),
    practice: z.object(
      {
        doctors: z
          .array(
            z.object(
              {
                age: wholeNumber(20, 90),
                specialty: text(SHORT_TEXT),
              },
              { error: 'Fyll inn alder og spesialitet for legen.' },
            ),
            { error: 'Fyll inn legene ved legesenteret.' },
          )
          .max(50, { error: 'Høyst 50 leger.' }),
        officeForAlis: z.boolean({ error: 'Svar på om ALIS får eget kontor.' }),
        supportStaff: z.object(
          { count: wholeNumber(0, 200), competence: text(LONG_TEXT) },
          { error: 'Fyll inn opplysninger om hjelpepersonell.' },
        ),
        equipment: z
          .array(z.enum(EQUIPMENT, { error: 'Ukjent utstyr.' }), { error: 'Velg utstyr.' })
          .refine((items) => new Set(items).size === items.length, {
            error: 'Hvert utstyr kan bare velges én gang.',
          }),
      },
      { error: 'Fyll inn opplysninger om legesenteret.' },
    ),
    municipalDuties: text(LONG_TEXT),
    substituteArrangements: text(LONG_TEXT),
    candidate: z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('new-position') }),
        z.object({
          kind: z.literal('employed-doctor'),
          monthsCompleted: z
            .number({
              error: 'Fyll inn hvor mange måneder legen har gjennomført i spesialiseringen.',
            })
            .int({ error: 'Skriv et helt antall måneder.' })
            .min(0, { error: 'Antall måneder kan ikke være negativt.' })
            .max(120, { error: 'Antall måneder kan ikke være større enn 120.' }),
        }),
      ],
      {
        error:
          'Velg om dere lyser ut en ny stilling eller søker med en lege som allerede er ansatt.',
      },
    ),
  },
  { error: 'Søknaden må være et JSON-objekt med feltene i søknaden.' },
);

export type Application = z.infer<typeof applicationSchema>;

export interface FieldError {
  /** Dot path into the application, e.g. `supervisor.hoursPerMonth`. */
  path: string;
  code: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; application: Application }
  | { ok: false; errors: FieldError[] };

/** Checks shape and programme rules together, so the applicant sees every problem at once. */
export function validateApplication(input: unknown): ValidationResult {
  const parsed = applicationSchema.safeParse(input);
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => toFieldError(issue, input));
  const invalid = new Set(errors.map((e) => e.path));
  const valid = (path: string) => ![...invalid].some((p) => p === path || p.startsWith(`${path}.`));

  const programmeId = valueAt(input, ['programme']);
  if (isProgrammeId(programmeId) && valid('programme')) {
    const programme = PROGRAMMES[programmeId];
    // Where the shape failed, read the raw input: a rule is checked whenever its own fields are sound.
    const candidate = (parsed.success ? parsed.data : input) as Partial<Application>;
    for (const error of programmeRuleErrors(candidate, programme, valid)) errors.push(error);
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, application: parsed.data };
}

function programmeRuleErrors(
  a: Partial<Application>,
  programme: Programme,
  valid: (path: string) => boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: string, code: string, message: string) =>
    errors.push({ path, code, message });

  const orgNumber = a.municipality?.organisationNumber?.replace(/\s/g, '');
  if (
    valid('municipality.organisationNumber') &&
    orgNumber &&
    !isValidOrganisationNumber(orgNumber)
  ) {
    fail(
      'municipality.organisationNumber',
      'checksum',
      'Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).',
    );
  }

  const municipality =
    valid('municipality.municipalityNumber') && a.municipality
      ? findMunicipality(a.municipality.municipalityNumber)
      : undefined;
  if (valid('municipality.municipalityNumber') && a.municipality) {
    if (!municipality || !programme.counties.includes(municipality.county)) {
      fail(
        'municipality.municipalityNumber',
        'not-in-programme',
        `Kommunen er ikke med i ${programme.name}, som gjelder ${listNames(programme.counties)}.`,
      );
    }
  }

  if (valid('municipality.region') && a.municipality) {
    const region = programme.regions.find((r) => r.id === a.municipality!.region);
    if (!region) {
      fail('municipality.region', 'unknown-region', `Velg et helseforetak i ${programme.name}.`);
    } else if (
      municipality &&
      programme.counties.includes(municipality.county) &&
      !region.counties.includes(municipality.county)
    ) {
      fail(
        'municipality.region',
        'region-mismatch',
        `${region.name} dekker ikke ${municipality.county}, der kommunen ligger.`,
      );
    }
  }

  if (
    valid('employmentModel') &&
    a.employmentModel &&
    !programme.employmentModels.includes(a.employmentModel)
  ) {
    fail(
      'employmentModel',
      'model-not-offered',
      `${programme.name} tilbyr bare kommunal hjemmel med fastlønn.`,
    );
  }

  if (
    valid('positionsRequested') &&
    typeof a.positionsRequested === 'number' &&
    a.positionsRequested > programme.maxPositionsPerMunicipality
  ) {
    fail(
      'positionsRequested',
      'over-cap',
      `En kommune kan få høyst ${programme.maxPositionsPerMunicipality} ALIS-stillinger i ${programme.name}.`,
    );
  }

  if (
    valid('practice.doctors') &&
    Array.isArray(a.practice?.doctors) &&
    a.practice.doctors.length === 0
  ) {
    fail(
      'practice.doctors',
      'solo-practice',
      'ALIS kan ikke arbeide i solopraksis: legesenteret må ha minst én lege til.',
    );
  }

  if (valid('supervisor.gpSpecialist') && a.supervisor?.gpSpecialist === false) {
    fail(
      'supervisor.gpSpecialist',
      'supervisor-not-specialist',
      'Veilederen må være spesialist i allmennmedisin.',
    );
  }
  if (
    valid('supervisor.hoursPerMonth') &&
    typeof a.supervisor?.hoursPerMonth === 'number' &&
    a.supervisor.hoursPerMonth < programme.minSupervisionHoursPerMonth
  ) {
    fail(
      'supervisor.hoursPerMonth',
      'supervision-hours',
      `${programme.name} krever minst ${programme.minSupervisionHoursPerMonth} timer strukturert veiledning i måneden.`,
    );
  }
  return errors;
}

function toFieldError(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const path = issue.path.map(String).join('.');
  const value = valueAt(input, issue.path);
  const missing =
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  const code =
    issue.code === 'invalid_union' && issue.path.at(-1) === 'candidate'
      ? missing
        ? 'required'
        : 'invalid-option'
      : missing &&
          [
            'invalid_type',
            'too_small',
            'invalid_value',
            'invalid_format',
            'invalid_union',
          ].includes(issue.code)
        ? 'required'
        : (ZOD_CODES[issue.code] ?? 'invalid');
  return { path: path || '(root)', code, message: issue.message };
}

const ZOD_CODES: Record<string, string> = {
  invalid_type: 'invalid-type',
  too_small: 'too-small',
  too_big: 'too-large',
  invalid_value: 'invalid-option',
  invalid_format: 'invalid-format',
  invalid_union: 'invalid-option',
  not_multiple_of: 'invalid',
  custom: 'invalid',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`;
}
