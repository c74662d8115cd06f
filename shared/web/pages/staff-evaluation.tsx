// The programme office's evaluation: salaried against self-employed ALIS positions, per health
// trust and grant year, for each programme the staff member may see. The figures, and the rules
// they are counted by, come from services/staff-figures.ts.

import { EMPLOYMENT_MODELS, type EmploymentModel, PROGRAMMES } from '../../domain/programmes.js';
import { formatDate, formatNok, formatNumber } from '../../presentation/format.js';
import {
  EMPLOYMENT_MODEL_LABELS,
  EMPLOYMENT_MODEL_SHORT_LABELS,
  GRANT_END_REASON_SHORT_LABELS,
  regionName,
} from '../../presentation/labels.js';
import type { EvaluationFigures, RegionEvaluation } from '../../services/staff-figures.js';
import { Heading, Paragraph } from '../layout.js';
import { BarChart, type BarTone } from './charts.js';
import {
  FigureTable,
  type FigureRow,
  renderStaffPage,
  staffApplicationPath,
} from './staff-layout.js';
import type { StaffRoles } from '../../domain/staff.js';

export interface StaffEvaluationPageProps {
  email: string;
  csrfToken: string;
  /** The staff member's roles, which decide the navigation and what is offered. */
  roles?: StaffRoles;
  /** One entry per programme the staff member may see. */
  programmes: readonly EvaluationFigures[];
}

const MODEL_TONES: Record<EmploymentModel, BarTone> = {
  salaried: 'success',
  'self-employed': 'accent',
};

export function staffEvaluationPage(p: StaffEvaluationPageProps): string {
  const title = 'Evaluering';
  return renderStaffPage(
    { title, email: p.email, csrfToken: p.csrfToken, roles: p.roles, current: 'evaluation' },
    <>
      <Paragraph>
        Evalueringen sammenligner ALIS-stillinger med kommunal hjemmel (fastlønn) og privat hjemmel
        (næringsdrift), per helseforetak og tilskuddsår. År 1 telles fra tilskuddet; hvert senere år
        telles når kommunen har bekreftet at legen fortsatt er i stillingen. En stilling telles
        under den tilknytningsformen kommunen sist oppga, i det året eller før.
      </Paragraph>
      {p.programmes.length === 0 && <Paragraph>Du har ikke tilgang til noe program.</Paragraph>}
      {p.programmes.map((figures) => (
        <ProgrammeEvaluation figures={figures} />
      ))}
    </>,
  );
}

/** The programme's models, and any other the records hold. */
function modelsOf(f: EvaluationFigures): EmploymentModel[] {
  const offered = PROGRAMMES[f.programme].employmentModels;
  return EMPLOYMENT_MODELS.filter(
    (m) =>
      offered.includes(m) ||
      f.total.grants[m] > 0 ||
      f.modelChanges.some((c) => c.from === m || c.to === m),
  );
}

function ProgrammeEvaluation({ figures: f }: { figures: EvaluationFigures }) {
  const programme = PROGRAMMES[f.programme];
  const id = (part: string) => `${f.programme}-${part}`;
  const models = modelsOf(f);
  const regionLabel = (region: string | null) =>
    region === null ? 'Ukjent helseforetak' : regionName(programme, region);
  const years = Array.from({ length: f.years }, (_, i) => i + 1);
  const perRegion = (cells: (r: RegionEvaluation) => string[]) => ({
    rows: f.regions.map((r): FigureRow => ({ header: regionLabel(r.region), cells: cells(r) })),
    total: { header: 'Hele programmet', cells: cells(f.total) },
  });
  const sum = (counts: Record<EmploymentModel, number>) =>
    models.reduce((total, m) => total + counts[m], 0);

  const listSizeRows = [...f.regions, f.total].flatMap((r) =>
    r.listSizes.map(
      (l): FigureRow => ({
        header: r === f.total ? 'Hele programmet' : regionLabel(r.region),
        cells: [
          `År ${l.year}`,
          EMPLOYMENT_MODEL_LABELS[l.employmentModel],
          String(l.count),
          formatNumber(Math.round(l.mean * 10) / 10),
          String(l.min),
          String(l.max),
        ],
      }),
    ),
  );

  return (
    <section class="section stack" aria-labelledby={id('tittel')}>
      <Heading level={2} id={id('tittel')}>
        {programme.name}
      </Heading>

      <Heading level={3}>Stillinger startet</Heading>
      <FigureTable
        id={id('startet')}
        caption={`Stillinger startet per helseforetak og tilknytningsform ved start, ${programme.name}`}
        columns={['Helseforetak', ...models.map((m) => EMPLOYMENT_MODEL_LABELS[m]), 'Sum']}
        {...perRegion((r) => [...models.map((m) => r.started[m]), sum(r.started)].map(String))}
      />

      <Heading level={3}>ALIS i stilling per tilskuddsår</Heading>
      <BarChart
        id={id('i-stilling-diagram')}
        title={`ALIS i stilling per tilskuddsår og tilknytningsform, ${programme.name}`}
        description="Liggende stolper for hvert tilskuddsår, én per tilknytningsform, for hele programmet. Tallene står i tabellene under, også per helseforetak."
        groups={f.total.inPosition.map((y) => ({
          label: `År ${y.year}`,
          bars: models.map((m) => ({
            label: EMPLOYMENT_MODEL_SHORT_LABELS[m],
            value: y[m],
            tone: MODEL_TONES[m],
          })),
        }))}
        format={String}
      />
      {models.map((m) => (
        <FigureTable
          id={id(`i-stilling-${m}`)}
          caption={`ALIS i stilling per tilskuddsår, ${EMPLOYMENT_MODEL_LABELS[m].toLowerCase()}, ${programme.name}`}
          columns={['Helseforetak', ...years.map((y) => `År ${y}`)]}
          {...perRegion((r) => r.inPosition.map((y) => String(y[m])))}
        />
      ))}

      <Heading level={3}>Bytte av tilknytningsform</Heading>
      {f.modelChanges.length === 0 ? (
        <Paragraph>Ingen stillinger har byttet tilknytningsform.</Paragraph>
      ) : (
        <FigureTable
          id={id('bytte')}
          caption={`Stillinger som har byttet tilknytningsform, ${programme.name}`}
          columns={['Søknad', 'Kommune', 'Helseforetak', 'Stilling', 'Tilskuddsår', 'Fra', 'Til']}
          textColumns={6}
          rows={f.modelChanges.map((c) => ({
            header: c.applicationId,
            href: staffApplicationPath(c.applicationId),
            cells: [
              c.municipalityName,
              regionLabel(c.region),
              String(c.position),
              String(c.year),
              EMPLOYMENT_MODEL_LABELS[c.from],
              EMPLOYMENT_MODEL_LABELS[c.to],
            ],
          }))}
        />
      )}

      <Heading level={3}>Avsluttede tilskudd</Heading>
      {f.endedGrants.length === 0 ? (
        <Paragraph>Ingen tilskudd er avsluttet før tiden.</Paragraph>
      ) : (
        <FigureTable
          id={id('avsluttet')}
          caption={`Tilskudd som er avsluttet før tiden, ${programme.name}`}
          columns={[
            'Søknad',
            'Kommune',
            'Helseforetak',
            'Tilknytningsform',
            'Avsluttet',
            'Årsak',
            'Stillinger',
          ]}
          textColumns={5}
          rows={f.endedGrants.map((g) => ({
            header: g.applicationId,
            href: staffApplicationPath(g.applicationId),
            cells: [
              g.municipalityName,
              regionLabel(g.region),
              EMPLOYMENT_MODEL_LABELS[g.employmentModel],
              g.endedOn ? formatDate(g.endedOn) : 'Ukjent dato',
              g.endReason ? GRANT_END_REASON_SHORT_LABELS[g.endReason] : 'Ikke oppgitt',
              String(g.positions),
            ],
          }))}
        />
      )}

      <Heading level={3}>Listelengde</Heading>
      <Paragraph>
        Listelengden kommunene oppga da de bekreftet stillingen, per helseforetak og for hele
        programmet. År 1 har ingen bekreftelse.
      </Paragraph>
      {f.total.listSizes.length === 0 ? (
        <Paragraph>Ingen listelengder er rapportert ennå.</Paragraph>
      ) : (
        <FigureTable
          id={id('listelengde')}
          caption={`Rapportert listelengde per helseforetak, tilskuddsår og tilknytningsform, ${programme.name}`}
          columns={[
            'Helseforetak',
            'Tilskuddsår',
            'Tilknytningsform',
            'Antall svar',
            'Snitt',
            'Minst',
            'Størst',
          ]}
          textColumns={2}
          rows={listSizeRows}
        />
      )}

      <Heading level={3}>Utbetalt per tilknytningsform</Heading>
      <Paragraph>
        Netto utbetalt til kommunene (tilskudd minus egenandel), i hele kroner, etter
        tilknytningsformen stillingen hadde det året utbetalingen gjaldt.
      </Paragraph>
      <FigureTable
        id={id('utbetalt')}
        caption={`Netto utbetalt per helseforetak og tilknytningsform, ${programme.name}`}
        columns={['Helseforetak', ...models.map((m) => EMPLOYMENT_MODEL_LABELS[m]), 'Sum']}
        {...perRegion((r) => [...models.map((m) => r.paid[m]), sum(r.paid)].map(formatNok))}
      />
    </section>
  );
}
