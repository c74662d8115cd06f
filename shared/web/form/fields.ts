// The application as an HTML form: which fields there are, with labels and hints in bokmål,
// grouped as the programmes' nine content items. Field names are the dot paths of the JSON
// contract, so a validation error's `path` names the field it belongs to.

import { EQUIPMENT, LIST_SOLUTIONS } from '../../domain/application.js';
import { municipalitiesIn } from '../../domain/identifiers.js';
import type { Programme, Round } from '../../domain/programmes.js';
import { formatNumber, positionsText } from '../../presentation/format.js';
import {
  CANDIDATE_KIND_LABELS,
  EMPLOYMENT_MODEL_LABELS,
  EQUIPMENT_LABELS,
  LIST_SOLUTION_LABELS,
  SECTION_TITLES,
  YES_NO_LABELS,
  grantText,
  municipalShareText,
} from '../../presentation/labels.js';

export const MAX_DOCTOR_ROWS = 6;

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
  /** Said instead of the domain's message when the field is missing (`required`). */
  missingMessage?: string;
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

/**
 * The same fields once for each position the form can ask for, each set in a fieldset of its own.
 * Their paths are relative to a position (`candidate.kind`); the page names them
 * `positions.<index>.candidate.kind`, as the JSON's list does.
 */
export interface PerPositionSpec {
  kind: 'per-position';
  /** The fieldsets rendered: the most positions the form offers. */
  count: number;
  fields: FieldSpec[];
}

export type FormItem = FieldSpec | PerPositionSpec;

export interface SectionSpec {
  id: string;
  title: string;
  intro?: string;
  fields: FormItem[];
}

/** The field that holds the number of positions, and names the JSON's `positions` list. */
export const POSITIONS_FIELD = 'positions';

/**
 * The most positions one application may ask for in a round: the programme's cap per municipality,
 * the one place the form reads it.
 */
export function maxPositions(programme: Programme, _round: Round): number {
  return programme.maxPositionsPerMunicipality;
}

/** `positions.1.candidate.kind` for position 2's `candidate.kind`. */
export function positionPath(index: number, path: string): string {
  return `${POSITIONS_FIELD}.${index}.${path}`;
}

const YES_NO: Option[] = [
  { value: 'yes', label: YES_NO_LABELS.yes },
  { value: 'no', label: YES_NO_LABELS.no },
];

const EMPLOYMENT_MODEL_HINTS: Record<string, string> = {
  salaried: 'Fast ansettelse og lønn i kommunen, kurs betalt og tett oppfølging.',
  'self-employed': 'Legen driver egen praksis med fast tilskudd i spesialiseringen, kurs betalt.',
};

const nbCollator = new Intl.Collator('nb-NO');

/**
 * The form for one programme's round, section by section, as the form page renders it. It offers
 * the municipalities of the counties the round invites.
 */
export function formSections(programme: Programme, round: Round): SectionSpec[] {
  const municipalities = municipalitiesIn(round.counties)
    .slice()
    .sort((a, b) => nbCollator.compare(a.name, b.name));
  const share = municipalShareText(programme);
  const most = maxPositions(programme, round);
  return [
    {
      id: 'kommunen',
      title: SECTION_TITLES.municipality,
      fields: [
        {
          kind: 'select',
          path: 'municipality.municipalityNumber',
          label: 'Kommune',
          hint: `Kommunen som søker. ${programme.name} gjelder kommuner i ${listNames(round.counties)}.`,
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
          kind: 'radios',
          path: POSITIONS_FIELD,
          label: 'Hvor mange ALIS-stillinger søker dere om?',
          summaryLabel: 'Antall ALIS-stillinger',
          hint:
            `Høyst ${most} per kommune. Tilskuddet er ` +
            `${grantText(programme)}` +
            (share ? `. Kommunen betaler ${share}.` : '.'),
          missingMessage: 'Velg hvor mange ALIS-stillinger dere søker om.',
          options: Array.from({ length: most }, (_, i) => ({
            value: String(i + 1),
            label: positionsText(i + 1),
          })),
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
      id: 'daglig-supervisjon',
      title: SECTION_TITLES.dailySupervision,
      fields: [
        {
          kind: 'textarea',
          path: 'dailySupervision',
          label: 'Hvordan sikrer dere daglig supervisjon fra en kollega?',
          summaryLabel: 'Daglig supervisjon',
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
        {
          kind: 'radios',
          path: 'supervisor.sameCentre',
          label: 'Arbeider veilederen ved samme legesenter som ALIS?',
          summaryLabel: 'Veileder ved samme legesenter',
          hint: 'Den lokale veilederen bør arbeide ved samme legesenter.',
          optional: true,
          options: YES_NO,
        },
        {
          kind: 'textarea',
          path: 'groupSupervision',
          label: 'Når og hvordan begynner ALIS i gruppeveiledning?',
          summaryLabel: 'Gruppeveiledning',
          hint: 'I tillegg til individuell veiledning skal ALIS tidligst mulig begynne i gruppeveiledning.',
          optional: true,
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
          hint: 'ALIS skal ha tilgang til bakvakt inntil legen er godkjent spesialist i allmennmedisin.',
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
          label: 'Får ALIS et egnet kontor?',
          summaryLabel: 'Egnet kontor for ALIS',
          hint: 'Et kontor på legesenteret som egner seg for legens arbeid.',
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
      intro:
        most > 1
          ? 'Svar for hver stilling dere søker om. Stillinger utover antallet dere har valgt, tas ikke med.'
          : undefined,
      fields: [
        {
          kind: 'per-position',
          count: most,
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
      ],
    },
  ];
}

/** The id of the element a field's error links to (the input, or a group's first input). */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * Every field of the form in page order, each position's fields once per position with their
 * paths in the list (`positions.1.candidate.kind`) and a summary label that names the position.
 */
export function leafFields(sections: readonly SectionSpec[]): FieldSpec[] {
  return sections.flatMap((section) =>
    section.fields.flatMap((item): FieldSpec[] =>
      item.kind === 'per-position'
        ? Array.from({ length: item.count }, (_, i) => i).flatMap((i) =>
            item.fields.map((field) => ({
              ...field,
              path: positionPath(i, field.path),
              summaryLabel: `Stilling ${i + 1}, ${lowerFirst(field.summaryLabel ?? field.label)}`,
            })),
          )
        : [item],
    ),
  );
}

/** Every field path a form for this programme has, doctor rows included, in page order. */
function fieldPaths(sections: readonly SectionSpec[]): string[] {
  const paths: string[] = [];
  for (const field of leafFields(sections)) {
    paths.push(field.path);
    if (field.kind === 'doctors') {
      for (let i = 0; i < field.rows; i++)
        paths.push(`${field.path}.${i}.age`, `${field.path}.${i}.specialty`);
    }
  }
  return paths;
}

/**
 * Paths of the older JSON shape that the services still name (the capacity checks say
 * `positionsRequested`), and the field of this form that answers for them.
 */
const FORM_FIELD_FOR: Readonly<Record<string, string>> = { positionsRequested: POSITIONS_FIELD };

/**
 * The form field that shows an error at `errorPath`: the field itself; else the first field inside
 * it (`positions.0.candidate` → that position's kind radios); else the field that contains it
 * (`practice.equipment.2` → the checkbox group, a position the form has no fieldset for → the
 * number of positions). Undefined when no field fits (`programme`, a closed round).
 */
export function fieldForError(
  errorPath: string,
  sections: readonly SectionSpec[],
): string | undefined {
  const paths = fieldPaths(sections);
  const path = FORM_FIELD_FOR[errorPath] ?? errorPath;
  if (paths.includes(path)) return path;
  const inside = paths.find((p) => p.startsWith(`${path}.`));
  if (inside) return inside;
  return paths.filter((p) => path.startsWith(`${p}.`)).sort((a, b) => b.length - a.length)[0];
}

/** Where the summary links to for an error shown at this field. */
export function anchorFor(path: string, sections: readonly SectionSpec[]): string {
  const doctors = leafFields(sections).find((f) => f.kind === 'doctors');
  return doctors && path === doctors.path ? fieldId(`${path}.0.age`) : fieldId(path);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`;
}
