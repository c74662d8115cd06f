// The application as an HTML form: which fields there are (labels and hints in bokmål, grouped in
// the nine content items of docs/programmes.md), and the conversions between a form post and the
// JSON contract. Field names are the dot paths of the JSON contract, so a validation error's `path`
// names the field it belongs to.

import type { Application } from '../domain/application.js';
import { EQUIPMENT, LIST_SOLUTIONS } from '../domain/application.js';
import { findMunicipality, municipalitiesIn } from '../domain/identifiers.js';
import { PROGRAMMES, type Programme } from '../domain/programmes.js';
import {
  CANDIDATE_KIND_LABELS,
  EMPLOYMENT_MODEL_LABELS,
  EQUIPMENT_LABELS,
  LIST_SOLUTION_LABELS,
  YES_NO_LABELS,
  formatNok,
  formatNumber,
  labelFor,
  regionName,
} from './labels.js';

/** What the form shows, keyed by field name; a checkbox group holds every checked value. */
export type FormValues = Record<string, string | string[]>;

/** Hidden field carrying the form's idempotency key; it is not part of the application. */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

export const MAX_DOCTOR_ROWS = 6;

/** Fields that may occur more than once in a post. */
const MULTI_VALUE_FIELDS = new Set(['practice.equipment']);

const DOCTOR_FIELD = /^practice\.doctors\.(\d{1,3})\.(age|specialty)$/;

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

interface BaseField {
  path: string;
  label: string;
  /** How the error summary names the field when the label is a question. */
  summaryLabel?: string;
  hint?: string;
  optional?: boolean;
}

export type FieldSpec =
  | (BaseField & {
      kind: 'text';
      type?: 'text' | 'email' | 'tel';
      inputMode?: 'numeric' | 'decimal' | 'email' | 'tel';
      autocomplete?: string;
      short?: boolean;
    })
  | (BaseField & { kind: 'textarea' })
  | (BaseField & { kind: 'select'; placeholder: string; options: Option[] })
  | (BaseField & { kind: 'radios'; options: Option[] })
  | (BaseField & { kind: 'checkboxes'; options: Option[] })
  | (BaseField & { kind: 'doctors'; rows: number });

export interface SectionSpec {
  id: string;
  title: string;
  intro?: string;
  fields: FieldSpec[];
}

export const SECTION_TITLES = {
  municipality: 'Kommunen',
  contact: 'Kontaktperson',
  positions: 'Stillinger og tilknytningsform',
  recruitment: '1. Rekrutteringssituasjonen',
  patientList: '2. Egne listepasienter',
  dailySupervision: '3. Daglig veiledning',
  supervisor: '4. Veileder',
  backupOnCall: '5. Bakvakt på legevakt',
  practice: '6. Legesenteret',
  municipalDuties: '7. Kommunale oppgaver',
  substitutes: '8. Vikar- og fraværsordninger',
  candidate: '9. Kandidat',
} as const;

const YES_NO: Option[] = [
  { value: 'yes', label: YES_NO_LABELS.yes },
  { value: 'no', label: YES_NO_LABELS.no },
];

const EMPLOYMENT_MODEL_HINTS: Record<string, string> = {
  salaried: 'Fast ansettelse og lønn i kommunen, kurs betalt og tett oppfølging.',
  'self-employed':
    'Legen driver egen praksis med garantert inntekt i spesialiseringen, kurs betalt.',
};

const nbCollator = new Intl.Collator('nb-NO');

/** The form for one programme, section by section; the page and the summaries render from it. */
export function formSections(programme: Programme): SectionSpec[] {
  const municipalities = municipalitiesIn(programme.counties)
    .slice()
    .sort((a, b) => nbCollator.compare(a.name, b.name));
  const share = programme.municipalSharePerPositionPerYear;
  return [
    {
      id: 'kommunen',
      title: SECTION_TITLES.municipality,
      fields: [
        {
          kind: 'select',
          path: 'municipality.municipalityNumber',
          label: 'Kommune',
          hint: `Kommunen som søker. ${programme.name} gjelder kommuner i ${listNames(programme.counties)}.`,
          placeholder: 'Velg kommune',
          options: municipalities.map((m) => ({
            value: m.number,
            label: `${m.name} (${m.number})`,
          })),
        },
        {
          kind: 'text',
          path: 'municipality.organisationNumber',
          label: 'Kommunens organisasjonsnummer',
          hint: 'Ni sifre, for eksempel 944 496 394.',
          inputMode: 'numeric',
          short: true,
        },
        {
          kind: 'select',
          path: 'municipality.region',
          label: 'Helseforetak',
          hint: 'Helseforetaket som dekker kommunen.',
          placeholder: 'Velg helseforetak',
          options: programme.regions.map((r) => ({ value: r.id, label: r.name })),
        },
      ],
    },
    {
      id: 'kontaktperson',
      title: SECTION_TITLES.contact,
      intro:
        'Personen vi kan kontakte om søknaden. Kvittering og svar sendes til denne e-postadressen.',
      fields: [
        {
          kind: 'text',
          path: 'contact.name',
          label: 'Navn',
          hint: 'Fornavn og etternavn.',
          autocomplete: 'name',
        },
        {
          kind: 'text',
          path: 'contact.role',
          label: 'Stilling',
          hint: 'For eksempel kommuneoverlege eller helse- og omsorgssjef.',
          autocomplete: 'organization-title',
        },
        {
          kind: 'text',
          path: 'contact.email',
          label: 'E-post',
          hint: 'For eksempel navn@kommune.no.',
          type: 'email',
          autocomplete: 'email',
        },
        {
          kind: 'text',
          path: 'contact.phone',
          label: 'Telefon',
          hint: 'Åtte sifre, gjerne med landskode, for eksempel +47 78 94 23 00.',
          type: 'tel',
          autocomplete: 'tel',
          short: true,
        },
      ],
    },
    {
      id: 'stillinger',
      title: SECTION_TITLES.positions,
      fields: [
        {
          kind: 'radios',
          path: 'employmentModel',
          label: 'Tilknytningsform for ALIS',
          hint:
            programme.employmentModels.length > 1
              ? `${programme.name} tilbyr både kommunal hjemmel med fastlønn og privat hjemmel med næringsdrift.`
              : `${programme.name} tilbyr kommunal hjemmel med fastlønn.`,
          options: programme.employmentModels.map((m) => ({
            value: m,
            label: EMPLOYMENT_MODEL_LABELS[m],
            hint: EMPLOYMENT_MODEL_HINTS[m],
          })),
        },
        {
          kind: 'text',
          path: 'positionsRequested',
          label: 'Antall ALIS-stillinger dere søker om',
          summaryLabel: 'Antall ALIS-stillinger',
          hint:
            `Høyst ${programme.maxPositionsPerMunicipality} per kommune. Tilskuddet er ` +
            `${formatNok(programme.grantPerPositionPerYear)} per stilling per år i ${programme.grantYears} år` +
            (share > 0 ? `; kommunens egenandel er ${formatNok(share)} per stilling per år.` : '.'),
          inputMode: 'numeric',
          short: true,
        },
      ],
    },
    {
      id: 'rekruttering',
      title: SECTION_TITLES.recruitment,
      fields: [
        {
          kind: 'textarea',
          path: 'recruitmentSituation',
          label: 'Beskriv kommunens rekrutteringssituasjon for fastleger',
          summaryLabel: 'Rekrutteringssituasjonen',
          hint: 'For eksempel ledige hjemler, bruk av vikarer og hvor lenge stillinger har stått ubesatt.',
        },
      ],
    },
    {
      id: 'pasientliste',
      title: SECTION_TITLES.patientList,
      intro: 'ALIS skal ha tilgang til egne listepasienter.',
      fields: [
        {
          kind: 'radios',
          path: 'patientList.solution',
          label: 'Listeløsning',
          hint: 'Hvordan ALIS får egen pasientliste.',
          options: LIST_SOLUTIONS.map((s) => ({ value: s, label: LIST_SOLUTION_LABELS[s] })),
        },
        {
          kind: 'text',
          path: 'patientList.listSize',
          label: 'Listelengde',
          hint: 'Antall pasienter på listen når ALIS begynner, for eksempel 600.',
          inputMode: 'numeric',
          short: true,
        },
        {
          kind: 'textarea',
          path: 'patientList.description',
          label: 'Beskriv listeløsningen',
          hint: 'For eksempel listetak ved oppstart og hvordan listen bygges opp.',
        },
      ],
    },
    {
      id: 'daglig-veiledning',
      title: SECTION_TITLES.dailySupervision,
      fields: [
        {
          kind: 'textarea',
          path: 'dailySupervision',
          label: 'Hvordan sikrer dere daglig veiledning fra en kollega?',
          summaryLabel: 'Daglig veiledning',
          hint: 'ALIS skal aldri arbeide i solopraksis. Beskriv hvem ALIS kan spørre i løpet av dagen.',
        },
      ],
    },
    {
      id: 'veileder',
      title: SECTION_TITLES.supervisor,
      intro: 'ALIS skal ha en egen lokal veileder med ansvar for strukturert veiledning.',
      fields: [
        {
          kind: 'text',
          path: 'supervisor.name',
          label: 'Veilederens navn',
          hint: 'Fornavn og etternavn.',
        },
        {
          kind: 'radios',
          path: 'supervisor.gpSpecialist',
          label: 'Er veilederen spesialist i allmennmedisin?',
          summaryLabel: 'Veilederens spesialitet',
          hint: 'Veilederen må være spesialist i allmennmedisin.',
          options: YES_NO,
        },
        {
          kind: 'text',
          path: 'supervisor.hoursPerMonth',
          label: 'Timer strukturert veiledning per måned',
          hint: `${programme.name} krever minst ${formatNumber(programme.minSupervisionHoursPerMonth)} timer i måneden.`,
          inputMode: 'decimal',
          short: true,
        },
      ],
    },
    {
      id: 'bakvakt',
      title: SECTION_TITLES.backupOnCall,
      fields: [
        {
          kind: 'textarea',
          path: 'backupOnCall',
          label: 'Hvordan får ALIS bakvakt på legevakt?',
          summaryLabel: 'Bakvakt på legevakt',
          hint: 'ALIS skal ha tilgang til bakvakt til legen er godkjent spesialist i allmennmedisin.',
        },
      ],
    },
    {
      id: 'legesenteret',
      title: SECTION_TITLES.practice,
      fields: [
        {
          kind: 'doctors',
          path: 'practice.doctors',
          label: 'Legene ved legesenteret',
          hint:
            'Alle andre leger ved legesenteret, også turnusleger (LIS1): én lege per rad, høyst seks. ' +
            'Skriv alder i hele år og spesialitet eller stilling, for eksempel allmennmedisin eller LIS1. Tomme rader tas ikke med.',
          rows: MAX_DOCTOR_ROWS,
        },
        {
          kind: 'radios',
          path: 'practice.officeForAlis',
          label: 'Får ALIS eget kontor?',
          summaryLabel: 'Eget kontor for ALIS',
          hint: 'Et egnet kontor på legesenteret.',
          options: YES_NO,
        },
        {
          kind: 'text',
          path: 'practice.supportStaff.count',
          label: 'Antall hjelpepersonell',
          hint: 'Helsesekretærer, sykepleiere og andre som arbeider ved legesenteret.',
          inputMode: 'numeric',
          short: true,
        },
        {
          kind: 'textarea',
          path: 'practice.supportStaff.competence',
          label: 'Hjelpepersonellets kompetanse',
          hint: 'For eksempel to sykepleiere og to helsesekretærer.',
        },
        {
          kind: 'checkboxes',
          path: 'practice.equipment',
          label: 'Utstyr ved legesenteret',
          hint: 'Kryss av for alt legesenteret har.',
          optional: true,
          options: EQUIPMENT.map((e) => ({ value: e, label: EQUIPMENT_LABELS[e] })),
        },
      ],
    },
    {
      id: 'kommunale-oppgaver',
      title: SECTION_TITLES.municipalDuties,
      fields: [
        {
          kind: 'textarea',
          path: 'municipalDuties',
          label: 'Hvilke kommunale oppgaver får ALIS?',
          summaryLabel: 'Kommunale oppgaver',
          hint: 'For eksempel sykehjem og helsestasjon: omfanget, og hvordan legen får bred erfaring med kommunale legeoppgaver.',
        },
      ],
    },
    {
      id: 'vikar',
      title: SECTION_TITLES.substitutes,
      fields: [
        {
          kind: 'textarea',
          path: 'substituteArrangements',
          label: 'Hvordan er vikar- og fraværsordningene?',
          summaryLabel: 'Vikar- og fraværsordninger',
          hint: 'Hvordan dekkes ferie, sykdom og kurs, og hvor sårbar er ordningen?',
        },
      ],
    },
    {
      id: 'kandidat',
      title: SECTION_TITLES.candidate,
      fields: [
        {
          kind: 'radios',
          path: 'candidate.kind',
          label: 'Hvem søker dere for?',
          summaryLabel: 'Kandidat',
          hint: 'Lyser dere ut en ny stilling, eller søker dere med en lege som allerede er ansatt og i spesialisering?',
          options: [
            { value: 'new-position', label: CANDIDATE_KIND_LABELS['new-position'] },
            { value: 'employed-doctor', label: CANDIDATE_KIND_LABELS['employed-doctor'] },
          ],
        },
        {
          kind: 'text',
          path: 'candidate.monthsCompleted',
          label: 'Måneder legen har gjennomført i spesialiseringen',
          hint: 'Fylles bare ut når dere søker med en lege som allerede er ansatt. Skriv antall hele måneder, for eksempel 14.',
          optional: true,
          inputMode: 'numeric',
          short: true,
        },
      ],
    },
  ];
}

/** The id of the element a field's error links to (the input, or a group's first input). */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** Every field path a form for this programme has, doctor rows included, in page order. */
function fieldPaths(sections: readonly SectionSpec[]): string[] {
  const paths: string[] = [];
  for (const section of sections) {
    for (const field of section.fields) {
      paths.push(field.path);
      if (field.kind === 'doctors') {
        for (let i = 0; i < field.rows; i++)
          paths.push(`${field.path}.${i}.age`, `${field.path}.${i}.specialty`);
      }
    }
  }
  return paths;
}

/**
 * The form field that shows an error at `errorPath`: the field itself; else the field that
 * contains it (`practice.equipment.2` → the checkbox group); else the first field inside it
 * (`candidate` → the kind radios). Undefined when no field fits (`programme`, a closed round).
 */
export function fieldForError(
  errorPath: string,
  sections: readonly SectionSpec[],
): string | undefined {
  const paths = fieldPaths(sections);
  if (paths.includes(errorPath)) return errorPath;
  const containing = paths
    .filter((p) => errorPath.startsWith(`${p}.`))
    .sort((a, b) => b.length - a.length)[0];
  if (containing) return containing;
  return paths.find((p) => p.startsWith(`${errorPath}.`));
}

/** Where the summary links to for an error shown at this field. */
export function anchorFor(path: string, sections: readonly SectionSpec[]): string {
  const doctors = sections.flatMap((s) => s.fields).find((f) => f.kind === 'doctors');
  return doctors && path === doctors.path ? fieldId(`${path}.0.age`) : fieldId(path);
}

// ---------------------------------------------------------------------------------------------
// Conversions

interface DoctorRow {
  age: string;
  specialty: string;
}

/** The doctor rows of a post in row order, with blank rows left out (so indices match the JSON). */
function doctorRows(form: URLSearchParams): DoctorRow[] {
  const rows = new Map<number, DoctorRow>();
  for (const [name, value] of form) {
    const match = DOCTOR_FIELD.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? { age: '', specialty: '' };
    row[match[2] as keyof DoctorRow] = value;
    rows.set(index, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => row.age.trim() !== '' || row.specialty.trim() !== '');
}

/** Browsers send CRLF in text areas; the stored text uses LF. */
function clean(value: string | null): string | undefined {
  if (value === null) return undefined;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
}

/**
 * A number where the text is one ("1 200", "2,5"); otherwise the text itself, so that validation
 * answers "Skriv et helt tall" rather than pretending the field was empty.
 */
function numberFrom(value: string | null | undefined): number | string | undefined {
  const text = clean(value ?? null);
  if (text === undefined) return undefined;
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(compact) ? Number(compact) : text;
}

function booleanFrom(value: string | null): boolean | string | undefined {
  const text = clean(value);
  if (text === 'yes') return true;
  if (text === 'no') return false;
  return text;
}

/** A form post as the JSON contract's application, unvalidated: `validateApplication` judges it. */
export function formToApplicationInput(form: URLSearchParams): unknown {
  const text = (name: string) => clean(form.get(name));
  const municipalityNumber = text('municipality.municipalityNumber');
  const registered = municipalityNumber ? findMunicipality(municipalityNumber) : undefined;
  const kind = text('candidate.kind');
  return {
    programme: text('programme'),
    municipality: {
      // The form offers the register's municipalities, so the name comes from the register.
      name: text('municipality.name') ?? (registered ? `${registered.name} kommune` : undefined),
      municipalityNumber,
      organisationNumber: text('municipality.organisationNumber'),
      region: text('municipality.region'),
    },
    contact: {
      name: text('contact.name'),
      role: text('contact.role'),
      email: text('contact.email'),
      phone: text('contact.phone'),
    },
    employmentModel: text('employmentModel'),
    positionsRequested: numberFrom(form.get('positionsRequested')),
    recruitmentSituation: text('recruitmentSituation'),
    patientList: {
      solution: text('patientList.solution'),
      listSize: numberFrom(form.get('patientList.listSize')),
      description: text('patientList.description'),
    },
    dailySupervision: text('dailySupervision'),
    supervisor: {
      name: text('supervisor.name'),
      gpSpecialist: booleanFrom(form.get('supervisor.gpSpecialist')),
      hoursPerMonth: numberFrom(form.get('supervisor.hoursPerMonth')),
    },
    backupOnCall: text('backupOnCall'),
    practice: {
      doctors: doctorRows(form).map((row) => ({
        age: numberFrom(row.age),
        specialty: clean(row.specialty),
      })),
      officeForAlis: booleanFrom(form.get('practice.officeForAlis')),
      supportStaff: {
        count: numberFrom(form.get('practice.supportStaff.count')),
        competence: text('practice.supportStaff.competence'),
      },
      equipment: form.getAll('practice.equipment').filter((e) => e !== ''),
    },
    municipalDuties: text('municipalDuties'),
    substituteArrangements: text('substituteArrangements'),
    candidate:
      kind === undefined
        ? undefined
        : kind === 'employed-doctor'
          ? { kind, monthsCompleted: numberFrom(form.get('candidate.monthsCompleted')) }
          : { kind },
  };
}

/** What a post showed, to render it again; doctor rows are closed up like in the JSON. */
export function formValuesFrom(form: URLSearchParams): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form) {
    if (name === IDEMPOTENCY_FIELD || DOCTOR_FIELD.test(name)) continue;
    if (MULTI_VALUE_FIELDS.has(name)) {
      const list = values[name];
      values[name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      values[name] = value;
    }
  }
  doctorRows(form).forEach((row, i) => {
    values[`practice.doctors.${i}.age`] = row.age;
    values[`practice.doctors.${i}.specialty`] = row.specialty;
  });
  return values;
}

function decimal(value: number): string {
  return String(value).replace('.', ',');
}

/**
 * A stored application as form values, for the amendment form. The municipality's name is not a
 * field: the form takes it from the register by the chosen number.
 */
export function applicationToFormValues(application: Application): FormValues {
  const a = application;
  const values: FormValues = {
    programme: a.programme,
    'municipality.municipalityNumber': a.municipality.municipalityNumber,
    'municipality.organisationNumber': a.municipality.organisationNumber,
    'municipality.region': a.municipality.region,
    'contact.name': a.contact.name,
    'contact.role': a.contact.role,
    'contact.email': a.contact.email,
    'contact.phone': a.contact.phone,
    employmentModel: a.employmentModel,
    positionsRequested: String(a.positionsRequested),
    recruitmentSituation: a.recruitmentSituation,
    'patientList.solution': a.patientList.solution,
    'patientList.listSize': String(a.patientList.listSize),
    'patientList.description': a.patientList.description,
    dailySupervision: a.dailySupervision,
    'supervisor.name': a.supervisor.name,
    'supervisor.gpSpecialist': a.supervisor.gpSpecialist ? 'yes' : 'no',
    'supervisor.hoursPerMonth': decimal(a.supervisor.hoursPerMonth),
    backupOnCall: a.backupOnCall,
    'practice.officeForAlis': a.practice.officeForAlis ? 'yes' : 'no',
    'practice.supportStaff.count': String(a.practice.supportStaff.count),
    'practice.supportStaff.competence': a.practice.supportStaff.competence,
    'practice.equipment': [...a.practice.equipment],
    municipalDuties: a.municipalDuties,
    substituteArrangements: a.substituteArrangements,
    'candidate.kind': a.candidate.kind,
  };
  a.practice.doctors.forEach((doctor, i) => {
    values[`practice.doctors.${i}.age`] = String(doctor.age);
    values[`practice.doctors.${i}.specialty`] = doctor.specialty;
  });
  if (a.candidate.kind === 'employed-doctor')
    values['candidate.monthsCompleted'] = String(a.candidate.monthsCompleted);
  return values;
}

/** Form values as a post body (what a browser would send). */
export function formValuesToSearchParams(values: FormValues): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return form;
}

/** One value of a field as text ('' when absent); the first when a field has several. */
export function fieldValue(values: FormValues, path: string): string {
  const value = values[path];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function valuesOf(values: FormValues, path: string): string[] {
  const value = values[path];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

// ---------------------------------------------------------------------------------------------
// The application as a reader sees it (decision page, review e-mail)

export interface SummarySection {
  title: string;
  rows: { label: string; value: string }[];
}

export function applicationSummary(application: Application): SummarySection[] {
  const a = application;
  const programme = (PROGRAMMES as Record<string, Programme | undefined>)[a.programme];
  const doctors = a.practice.doctors.map((d) => `${d.age} år, ${d.specialty}`).join('\n');
  const equipment = a.practice.equipment.map((e) => labelFor(EQUIPMENT_LABELS, e)).join(', ');
  const yesNo = (b: boolean) => (b ? YES_NO_LABELS.yes : YES_NO_LABELS.no);
  return [
    {
      title: SECTION_TITLES.municipality,
      rows: [
        {
          label: 'Kommune',
          value: `${a.municipality.name} (${a.municipality.municipalityNumber})`,
        },
        { label: 'Organisasjonsnummer', value: a.municipality.organisationNumber },
        { label: 'Helseforetak', value: regionName(programme, a.municipality.region) },
      ],
    },
    {
      title: SECTION_TITLES.contact,
      rows: [
        { label: 'Navn', value: a.contact.name },
        { label: 'Stilling', value: a.contact.role },
        { label: 'E-post', value: a.contact.email },
        { label: 'Telefon', value: a.contact.phone },
      ],
    },
    {
      title: SECTION_TITLES.positions,
      rows: [
        { label: 'Tilknytningsform', value: labelFor(EMPLOYMENT_MODEL_LABELS, a.employmentModel) },
        { label: 'ALIS-stillinger', value: String(a.positionsRequested) },
      ],
    },
    {
      title: SECTION_TITLES.recruitment,
      rows: [{ label: 'Rekrutteringssituasjonen', value: a.recruitmentSituation }],
    },
    {
      title: SECTION_TITLES.patientList,
      rows: [
        { label: 'Listeløsning', value: labelFor(LIST_SOLUTION_LABELS, a.patientList.solution) },
        { label: 'Listelengde', value: `${formatNumber(a.patientList.listSize)} pasienter` },
        { label: 'Beskrivelse', value: a.patientList.description },
      ],
    },
    {
      title: SECTION_TITLES.dailySupervision,
      rows: [{ label: 'Daglig veiledning', value: a.dailySupervision }],
    },
    {
      title: SECTION_TITLES.supervisor,
      rows: [
        { label: 'Veileder', value: a.supervisor.name },
        { label: 'Spesialist i allmennmedisin', value: yesNo(a.supervisor.gpSpecialist) },
        {
          label: 'Strukturert veiledning',
          value:
            `${formatNumber(a.supervisor.hoursPerMonth)} timer per måned` +
            (programme
              ? ` (kravet er minst ${formatNumber(programme.minSupervisionHoursPerMonth)})`
              : ''),
        },
      ],
    },
    { title: SECTION_TITLES.backupOnCall, rows: [{ label: 'Bakvakt', value: a.backupOnCall }] },
    {
      title: SECTION_TITLES.practice,
      rows: [
        { label: 'Andre leger', value: doctors === '' ? 'Ingen oppgitt' : doctors },
        { label: 'Eget kontor for ALIS', value: yesNo(a.practice.officeForAlis) },
        { label: 'Hjelpepersonell', value: String(a.practice.supportStaff.count) },
        { label: 'Hjelpepersonellets kompetanse', value: a.practice.supportStaff.competence },
        { label: 'Utstyr', value: equipment === '' ? 'Ikke oppgitt' : equipment },
      ],
    },
    {
      title: SECTION_TITLES.municipalDuties,
      rows: [{ label: 'Kommunale oppgaver', value: a.municipalDuties }],
    },
    {
      title: SECTION_TITLES.substitutes,
      rows: [{ label: 'Vikar og fravær', value: a.substituteArrangements }],
    },
    {
      title: SECTION_TITLES.candidate,
      rows: [
        { label: 'Kandidat', value: labelFor(CANDIDATE_KIND_LABELS, a.candidate.kind) },
        ...(a.candidate.kind === 'employed-doctor'
          ? [
              {
                label: 'Gjennomført i spesialiseringen',
                value: `${a.candidate.monthsCompleted} måneder`,
              },
            ]
          : []),
      ],
    },
  ];
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`;
}
