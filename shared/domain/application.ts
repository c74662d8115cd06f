// The application a municipality submits: its shape (zod) and the programme's rules.
// The JSON fixtures in test/fixtures are the contract; messages are bokmål for the applicant.
// Validation answers any JSON value with field errors and never throws: the input is a stranger's.

import * as z from 'zod';
import { findMunicipality, isValidOrganisationNumber } from './identifiers.js';
import {
  EMPLOYMENT_MODELS,
  PROGRAMMES,
  PROGRAMME_IDS,
  isProgrammeId,
  type Programme,
  type Round,
} from './programmes.js';
import { checkText, type TextRule } from './text.js';

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

/** Names, roles, specialties: one line. */
const SHORT_TEXT: TextRule = { kind: 'one-line', maxLength: 200, requiresContent: true };
/** The numbered items of the application, answered in textareas. */
const LONG_TEXT: TextRule = { kind: 'multi-line', maxLength: 4000, requiresContent: true };

const text = (rule: TextRule) =>
  z
    .string({ error: 'Fyll inn feltet.' })
    .trim()
    .superRefine((value, context) => {
      const problem = checkText(value, rule);
      if (problem) {
        context.addIssue({
          code: 'custom',
          message: problem.message,
          params: { code: problem.code },
        });
      }
    });

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: 'Skriv et helt tall.' })
    .int({ error: 'Skriv et helt tall.' })
    .min(min, { error: `Tallet må være minst ${min}.` })
    .max(max, { error: `Tallet kan ikke være større enn ${max}.` });

/**
 * An array whose length is checked before its items: a body of tens of thousands of wrong items
 * would otherwise cost a second of validation and answer with as many errors.
 */
function boundedArray<Item extends z.ZodType>(
  item: Item,
  limits: { max: number; missing: string; tooMany: string },
) {
  return z
    .array(z.unknown(), { error: limits.missing })
    .max(limits.max, { error: limits.tooMany })
    .pipe(z.array(item));
}

/** A position's candidate: a position still to be advertised, or a doctor already employed. */
const CANDIDATE_OPTIONS = [
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
] as const;

const candidateSchema = z.discriminatedUnion('kind', CANDIDATE_OPTIONS, {
  error: 'Velg om dere lyser ut en ny stilling eller søker med en lege som allerede er ansatt.',
});

/** The largest `positions` list the shape accepts; the programme's cap then applies. */
const MAX_POSITIONS_BY_SHAPE = 50;

export const applicationSchema = z.object(
  {
    programme: z.enum(PROGRAMME_IDS, {
      error: 'Velg et ALIS-program (alis-nord eller alis-vest).',
    }),
    // No name: it comes from the register by the number (see `validateApplication`), because a
    // name the sender chose would reach reviewers' subjects. A `name` sent along is dropped.
    municipality: z.object(
      {
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
          .max(254, { error: 'E-postadressen kan ikke være lengre enn 254 tegn.' }),
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
        // ALIS-Vest's letter: the local supervisor "bør arbeide ved samme legesenter". Optional,
        // because applications sent before the question existed do not answer it.
        sameCentre: z
          .boolean({ error: 'Svar på om veilederen arbeider ved samme legesenter som ALIS.' })
          .optional(),
      },
      { error: 'Fyll inn opplysninger om veileder.' },
    ),
    // "I tillegg til individuell veiledning skal ALIS tidligst mulig begynne i gruppeveiledning"
    // (ALIS-Vest's letter). Optional for the same reason as `supervisor.sameCentre`.
    groupSupervision: text(LONG_TEXT).optional(),
    backupOnCall: text(LONG_TEXT),
    practice: z.object(
      {
        doctors: boundedArray(
          z.object(
            {
              age: wholeNumber(20, 90),
              specialty: text(SHORT_TEXT),
            },
            { error: 'Fyll inn alder og spesialitet for legen.' },
          ),
          { max: 50, missing: 'Fyll inn legene ved legesenteret.', tooMany: 'Høyst 50 leger.' },
        ),
        officeForAlis: z.boolean({ error: 'Svar på om ALIS får et egnet kontor.' }),
        supportStaff: z.object(
          { count: wholeNumber(0, 200), competence: text(LONG_TEXT) },
          { error: 'Fyll inn opplysninger om hjelpepersonell.' },
        ),
        equipment: boundedArray(z.enum(EQUIPMENT, { error: 'Ukjent utstyr.' }), {
          max: EQUIPMENT.length,
          missing: 'Velg utstyr.',
          tooMany: 'Hvert utstyr kan bare velges én gang.',
        }).refine((items) => new Set(items).size === items.length, {
          error: 'Hvert utstyr kan bare velges én gang.',
        }),
      },
      { error: 'Fyll inn opplysninger om legesenteret.' },
    ),
    municipalDuties: text(LONG_TEXT),
    substituteArrangements: text(LONG_TEXT),
    candidate: z.discriminatedUnion('kind', CANDIDATE_OPTIONS, {
      error: 'Velg om dere lyser ut en ny stilling eller søker med en lege som allerede er ansatt.',
    }),
  },
  { error: 'Søknaden må være et JSON-objekt med feltene i søknaden.' },
);

/**
 * The newer form: `positions: [{candidate}, …]`, one entry per position, in place of
 * `positionsRequested` with one `candidate`.
 */
export const positionsApplicationSchema = applicationSchema
  .omit({ positionsRequested: true, candidate: true })
  .extend({
    positions: boundedArray(
      z.object(
        { candidate: candidateSchema },
        { error: 'Hver stilling må være et objekt med kandidaten (candidate).' },
      ),
      {
        max: MAX_POSITIONS_BY_SHAPE,
        missing: 'Oppgi stillingene dere søker om.',
        tooMany: `Høyst ${MAX_POSITIONS_BY_SHAPE} stillinger.`,
      },
    ).refine((positions) => positions.length > 0, { error: 'Søk om minst én stilling.' }),
  });

type SubmittedApplication = z.infer<typeof applicationSchema>;
export type Candidate = SubmittedApplication['candidate'];

/** One position an application asks for. */
export interface PositionRequest {
  candidate: Candidate;
}

/**
 * A valid application, with the municipality's name as the register has it. `positionsRequested`
 * and `candidate` (the first position's) stay for the readers of the older shape; `positions` is
 * set on every application validated now and absent from one stored before it existed, so read it
 * with `positionsOf`.
 */
export type Application = Omit<SubmittedApplication, 'municipality'> & {
  municipality: SubmittedApplication['municipality'] & { name: string };
  positions?: PositionRequest[];
};

/**
 * The positions an application asks for, whichever shape it came in (or was stored in): the
 * older `positionsRequested` with one `candidate` means that many positions with that candidate.
 */
export function positionsOf(
  application: Pick<Application, 'positions' | 'positionsRequested' | 'candidate'>,
): PositionRequest[] {
  return (
    application.positions ??
    Array.from({ length: application.positionsRequested }, () => ({
      candidate: application.candidate,
    }))
  );
}

/** Whether a body uses the newer `positions` list rather than `positionsRequested`/`candidate`. */
export function usesPositionsList(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  const fields = input as Record<string, unknown>;
  return (
    Object.hasOwn(fields, 'positions') &&
    !Object.hasOwn(fields, 'positionsRequested') &&
    !Object.hasOwn(fields, 'candidate')
  );
}

export interface FieldError {
  /** Dot path into the application, e.g. `supervisor.hoursPerMonth`. */
  path: string;
  code: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; application: Application }
  | { ok: false; errors: FieldError[] };

/**
 * Checks shape and programme rules together, so the applicant sees every problem at once. The
 * rules are `running`'s when the application names that programme (the programme as it runs, with
 * its round's terms: `programmeInRound`), else the configuration's.
 */
export function validateApplication(input: unknown, running?: Programme): ValidationResult {
  const listed = usesPositionsList(input);
  const parsed = listed
    ? positionsApplicationSchema.safeParse(input)
    : applicationSchema.safeParse(input);
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => toFieldError(issue, input));
  if (!listed && input !== null && typeof input === 'object' && Object.hasOwn(input, 'positions')) {
    errors.push({
      path: 'positions',
      code: 'both-forms',
      message:
        'Oppgi stillingene enten som en liste (positions) eller som antall (positionsRequested) med én kandidat (candidate), ikke begge.',
    });
  }
  const invalid = new Set(errors.map((e) => e.path));
  const sound = (path: string) => ![...invalid].some((p) => p === path || p.startsWith(`${path}.`));

  const programmeId = valueAt(input, ['programme']);
  if (isProgrammeId(programmeId) && sound('programme')) {
    const fields = new SoundFields(input, sound);
    const programme = running?.id === programmeId ? running : PROGRAMMES[programmeId];
    for (const error of programmeRuleErrors(fields, programme)) errors.push(error);
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };

  const { municipality } = parsed.data;
  const registered = findMunicipality(municipality.municipalityNumber);
  // The programme rules refuse a number outside the register, so this answer is never given.
  if (!registered)
    return { ok: false, errors: [notInProgramme(PROGRAMMES[parsed.data.programme])] };
  const data = parsed.data;
  const positions =
    'positions' in data
      ? data.positions
      : Array.from({ length: data.positionsRequested }, () => ({ candidate: data.candidate }));
  return {
    ok: true,
    application: {
      ...data,
      positionsRequested: positions.length,
      candidate: positions[0]!.candidate,
      positions,
      municipality: { name: registered.name, ...municipality },
    },
  };
}

/**
 * Whether the round invites the municipality's county: a round may cover part of its programme's
 * area. For an application that `validateApplication` accepted for the round's programme.
 */
export function checkRoundCounty(round: Round, municipalityNumber: string): FieldError | undefined {
  const county = findMunicipality(municipalityNumber)?.county;
  if (county !== undefined && round.counties.includes(county)) return undefined;
  const invited = listNames(round.counties);
  return {
    path: 'municipality.municipalityNumber',
    code: 'county-not-in-round',
    message: county
      ? `Kommunen ligger i ${county}, men søknadsrunden som er åpen nå gjelder bare kommuner i ${invited}.`
      : `Søknadsrunden som er åpen nå gjelder bare kommuner i ${invited}.`,
  };
}

/**
 * The raw input's fields as the programme rules read them. A rule runs whenever its own fields
 * are sound, even where other fields failed, so it cannot read the parsed application; each read
 * gives a value only if the shape check found nothing wrong at or under its path and the value has
 * the type asked for, so that no JSON value can fault a rule.
 */
class SoundFields {
  constructor(
    private readonly input: unknown,
    private readonly sound: (path: string) => boolean,
  ) {}

  string(path: string): string | undefined {
    const value = this.read(path);
    return typeof value === 'string' ? value : undefined;
  }

  number(path: string): number | undefined {
    const value = this.read(path);
    return typeof value === 'number' ? value : undefined;
  }

  boolean(path: string): boolean | undefined {
    const value = this.read(path);
    return typeof value === 'boolean' ? value : undefined;
  }

  array(path: string): readonly unknown[] | undefined {
    const value = this.read(path);
    return Array.isArray(value) ? value : undefined;
  }

  private read(path: string): unknown {
    return this.sound(path) ? valueAt(this.input, path.split('.')) : undefined;
  }
}

function programmeRuleErrors(fields: SoundFields, programme: Programme): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: string, code: string, message: string) =>
    errors.push({ path, code, message });

  const orgNumber = fields.string('municipality.organisationNumber')?.replace(/\s/g, '');
  if (orgNumber && !isValidOrganisationNumber(orgNumber)) {
    fail(
      'municipality.organisationNumber',
      'checksum',
      'Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).',
    );
  }

  const municipalityNumber = fields.string('municipality.municipalityNumber');
  const municipality =
    municipalityNumber === undefined ? undefined : findMunicipality(municipalityNumber);
  const inProgramme =
    municipality !== undefined && programme.counties.includes(municipality.county);
  if (municipalityNumber !== undefined && !inProgramme) errors.push(notInProgramme(programme));

  const regionId = fields.string('municipality.region');
  if (regionId !== undefined) {
    const region = programme.regions.find((r) => r.id === regionId);
    if (!region) {
      fail('municipality.region', 'unknown-region', `Velg et helseforetak i ${programme.name}.`);
    } else if (municipality && inProgramme && !region.counties.includes(municipality.county)) {
      fail(
        'municipality.region',
        'region-mismatch',
        `${region.name} dekker ikke ${municipality.county}, der kommunen ligger.`,
      );
    }
  }

  const employmentModel = fields.string('employmentModel');
  if (
    employmentModel !== undefined &&
    !programme.employmentModels.some((model) => model === employmentModel)
  ) {
    fail(
      'employmentModel',
      'model-not-offered',
      `${programme.name} tilbyr bare kommunal hjemmel med fastlønn.`,
    );
  }

  const positionsRequested =
    fields.number('positionsRequested') ?? fields.array('positions')?.length;
  if (
    positionsRequested !== undefined &&
    positionsRequested > programme.maxPositionsPerMunicipality
  ) {
    fail(
      fields.number('positionsRequested') === undefined ? 'positions' : 'positionsRequested',
      'over-cap',
      `En kommune kan få høyst ${positionsText(programme.maxPositionsPerMunicipality)} i ${programme.name}.`,
    );
  }

  if (fields.array('practice.doctors')?.length === 0) {
    fail(
      'practice.doctors',
      'solo-practice',
      'ALIS kan ikke arbeide i solopraksis: legesenteret må ha minst én lege til.',
    );
  }

  if (fields.boolean('supervisor.gpSpecialist') === false) {
    fail(
      'supervisor.gpSpecialist',
      'supervisor-not-specialist',
      'Veilederen må være spesialist i allmennmedisin.',
    );
  }
  const hoursPerMonth = fields.number('supervisor.hoursPerMonth');
  if (hoursPerMonth !== undefined && hoursPerMonth < programme.minSupervisionHoursPerMonth) {
    fail(
      'supervisor.hoursPerMonth',
      'supervision-hours',
      `${programme.name} krever minst ${programme.minSupervisionHoursPerMonth} timer strukturert veiledning i måneden.`,
    );
  }
  return errors;
}

function notInProgramme(programme: Programme): FieldError {
  return {
    path: 'municipality.municipalityNumber',
    code: 'not-in-programme',
    message: `Kommunen er ikke med i ${programme.name}, som gjelder ${listNames(programme.counties)}.`,
  };
}

export function toFieldError(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const path = issue.path.map(String).join('.') || '(root)';
  // The text rule names its own problems.
  const ownCode = issue.code === 'custom' ? issue.params?.code : undefined;
  if (typeof ownCode === 'string') return { path, code: ownCode, message: issue.message };
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
  return { path, code, message: issue.message };
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

function positionsText(count: number): string {
  return count === 1 ? '1 ALIS-stilling' : `${count} ALIS-stillinger`;
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`;
}
