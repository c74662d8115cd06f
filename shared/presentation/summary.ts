// The application as a reader sees it, content item by content item: the decision page shows it
// and the review e-mail carries it, so reviewers read the same thing in both.

import { type Application, positionsOf } from '../domain/application.js';
import { ERASED } from '../domain/erasure.js';
import { PROGRAMMES, type Programme } from '../domain/programmes.js';
import { formatNumber } from './format.js';
import {
  CANDIDATE_KIND_LABELS,
  EMPLOYMENT_MODEL_LABELS,
  EQUIPMENT_LABELS,
  LIST_SOLUTION_LABELS,
  SECTION_TITLES,
  YES_NO_LABELS,
  labelFor,
  regionName,
} from './labels.js';

export interface SummaryRow {
  label: string;
  /** Plain text; may hold line breaks, which the reader's rendering keeps. */
  value: string;
}

export interface SummarySection {
  title: string;
  rows: SummaryRow[];
}

export function applicationSummary(application: Application): SummarySection[] {
  const a = application;
  const programme = (PROGRAMMES as Record<string, Programme | undefined>)[a.programme];
  // An erased case's figures about people (ages, months) are gone, not zero: the marker says so.
  const known = (n: number | undefined, unit: string) =>
    typeof n === 'number' ? `${n} ${unit}` : ERASED;
  const doctors = a.practice.doctors.map((d) => `${known(d.age, 'år')}, ${d.specialty}`).join('\n');
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
        { label: 'Søkte stillinger', value: String(a.positionsRequested) },
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
      rows: [{ label: 'Daglig supervisjon', value: a.dailySupervision }],
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
        ...(a.supervisor.sameCentre === undefined
          ? []
          : [{ label: 'Ved samme legesenter', value: yesNo(a.supervisor.sameCentre) }]),
        ...(a.groupSupervision === undefined
          ? []
          : [{ label: 'Gruppeveiledning', value: a.groupSupervision }]),
      ],
    },
    { title: SECTION_TITLES.backupOnCall, rows: [{ label: 'Bakvakt', value: a.backupOnCall }] },
    {
      title: SECTION_TITLES.practice,
      rows: [
        { label: 'Andre leger', value: doctors === '' ? 'Ingen oppgitt' : doctors },
        { label: 'Egnet kontor for ALIS', value: yesNo(a.practice.officeForAlis) },
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
      rows: positionsOf(a).flatMap(({ candidate }, i, all) => {
        const prefix = all.length > 1 ? `Stilling ${i + 1}: ` : '';
        return [
          { label: `${prefix}Kandidat`, value: labelFor(CANDIDATE_KIND_LABELS, candidate.kind) },
          ...(candidate.kind === 'employed-doctor'
            ? [
                {
                  label: `${prefix}Gjennomført i spesialiseringen`,
                  value: known(candidate.monthsCompleted, 'måneder'),
                },
              ]
            : []),
        ];
      }),
    },
  ];
}
