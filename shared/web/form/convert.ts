// Between a form post and the JSON contract's application, both ways, and the form values a page
// shows. Nothing here validates: `validateApplication` judges what a post becomes.

import { positionsOf, type Application, type Candidate } from '../../domain/application.js';
import { POSITIONS_FIELD, positionPath } from './fields.js';
import { LIST_FIELDS } from './lists.js';

/** What the form shows, keyed by field name; a checkbox group holds every checked value. */
export type FormValues = Record<string, string | string[]>;

/** Hidden field carrying the form's idempotency key; it is not part of the application. */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

const DOCTOR_FIELD = /^practice\.doctors\.(\d{1,3})\.(age|specialty)$/;

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

/**
 * The most positions a post is read for. A larger number is passed on as this many, which the
 * domain's bound on the list (50) refuses already, so a forged count costs no more than that.
 */
const MAX_POSITIONS_READ = 51;

/** One position's candidate, from its fields; a kind other than the two is left for validation. */
function candidateFrom(form: URLSearchParams, index: number): unknown {
  const kind = clean(form.get(positionPath(index, 'candidate.kind')));
  if (kind === undefined) return undefined;
  return kind === 'employed-doctor'
    ? {
        kind,
        monthsCompleted: numberFrom(form.get(positionPath(index, 'candidate.monthsCompleted'))),
      }
    : { kind };
}

/**
 * The JSON's `positions` list: as many positions as the number chosen, each from its own fields;
 * the fields of positions beyond that number are ignored (a browser without `:has()` shows them).
 * A number that is not a whole number goes to validation as it is, to be named there.
 */
function positionsFrom(form: URLSearchParams): unknown {
  const count = numberFrom(form.get(POSITIONS_FIELD));
  if (typeof count !== 'number' || !Number.isInteger(count)) return count;
  return Array.from({ length: Math.max(0, Math.min(count, MAX_POSITIONS_READ)) }, (_, i) => ({
    candidate: candidateFrom(form, i),
  }));
}

/** A form post as the JSON contract's application, unvalidated: `validateApplication` judges it. */
export function formToApplicationInput(form: URLSearchParams): unknown {
  const text = (name: string) => clean(form.get(name));
  const municipalityNumber = text('municipality.municipalityNumber');
  return {
    programme: text('programme'),
    municipality: {
      // No name: validation takes it from the register, by the number.
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
    // The newer shape only: with `positionsRequested` or `candidate` beside it, validation would
    // read the older one.
    positions: positionsFrom(form),
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
      sameCentre: booleanFrom(form.get('supervisor.sameCentre')),
    },
    groupSupervision: text('groupSupervision'),
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
  };
}

/** What a post showed, to render it again; doctor rows are closed up like in the JSON. */
export function formValuesFrom(form: URLSearchParams): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form) {
    if (name === IDEMPOTENCY_FIELD || DOCTOR_FIELD.test(name)) continue;
    if (LIST_FIELDS.has(name)) {
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

function candidateValues(index: number, candidate: Candidate): FormValues {
  return {
    [positionPath(index, 'candidate.kind')]: candidate.kind,
    ...(candidate.kind === 'employed-doctor' && {
      [positionPath(index, 'candidate.monthsCompleted')]: String(candidate.monthsCompleted),
    }),
  };
}

/**
 * A stored application as form values, for the amendment form (and a draft). The municipality's
 * name is not a field: the form takes it from the register by the chosen number. An application
 * stored in the older shape (a number of positions with one candidate) shows that candidate in
 * each position.
 */
export function applicationToFormValues(application: Application): FormValues {
  const a = application;
  const positions = positionsOf(a);
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
    [POSITIONS_FIELD]: String(positions.length),
    ...Object.assign({}, ...positions.map((p, i) => candidateValues(i, p.candidate))),
    recruitmentSituation: a.recruitmentSituation,
    'patientList.solution': a.patientList.solution,
    'patientList.listSize': String(a.patientList.listSize),
    'patientList.description': a.patientList.description,
    dailySupervision: a.dailySupervision,
    'supervisor.name': a.supervisor.name,
    'supervisor.gpSpecialist': a.supervisor.gpSpecialist ? 'yes' : 'no',
    'supervisor.hoursPerMonth': decimal(a.supervisor.hoursPerMonth),
    ...(a.supervisor.sameCentre !== undefined && {
      'supervisor.sameCentre': a.supervisor.sameCentre ? 'yes' : 'no',
    }),
    ...(a.groupSupervision !== undefined && { groupSupervision: a.groupSupervision }),
    backupOnCall: a.backupOnCall,
    'practice.officeForAlis': a.practice.officeForAlis ? 'yes' : 'no',
    'practice.supportStaff.count': String(a.practice.supportStaff.count),
    'practice.supportStaff.competence': a.practice.supportStaff.competence,
    'practice.equipment': [...a.practice.equipment],
    municipalDuties: a.municipalDuties,
    substituteArrangements: a.substituteArrangements,
  };
  a.practice.doctors.forEach((doctor, i) => {
    values[`practice.doctors.${i}.age`] = String(doctor.age);
    values[`practice.doctors.${i}.specialty`] = doctor.specialty;
  });
  return values;
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
