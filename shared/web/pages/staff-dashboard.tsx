// The programme office's overview: for each programme the staff member may see, its applications
// per round, the approved positions against each round's capacity, the money by year, the reviews
// still waiting, and the links to its exports. The figures come from services/staff-figures.ts.

import { APPLICATION_STATUSES } from '../../domain/review.js';
import { EMPLOYMENT_MODELS, PROGRAMMES } from '../../domain/programmes.js';
import type {
  DashboardFigures,
  DashboardSlice,
  KeyCount,
  MoneyAmounts,
} from '../../services/staff-figures.js';
import { daysText, formatDate, formatDateTime, formatNok } from '../../presentation/format.js';
import {
  EMPLOYMENT_MODEL_LABELS,
  MONEY_STATE_LABELS,
  STATUS_LABELS,
  regionName,
} from '../../presentation/labels.js';
import { Heading, Paragraph } from '../layout.js';
import { BarChart, type BarTone } from './charts.js';
import {
  FigureTable,
  type FigureRow,
  renderStaffPage,
  staffApplicationPath,
} from './staff-layout.js';
import { mayUse, type StaffRoles } from '../../domain/staff.js';

export interface StaffDashboardPageProps {
  email: string;
  csrfToken: string;
  /** The staff member's roles, which decide the navigation and what is offered. */
  roles?: StaffRoles;
  /** One entry per programme the staff member may see. */
  programmes: readonly DashboardFigures[];
}

const EXPORTS = [
  { name: 'applications', file: 'applications.csv', label: 'Søknader' },
  { name: 'instalments', file: 'instalments.csv', label: 'Utbetalinger' },
  { name: 'audit', file: 'audit.csv', label: 'Hendelseslogg' },
] as const;

const MONEY_STATES: readonly (keyof MoneyAmounts)[] = ['paid', 'notified', 'held', 'toCome'];
const MONEY_TONES: Record<keyof MoneyAmounts, BarTone> = {
  paid: 'success',
  notified: 'accent',
  held: 'neutral',
  toCome: 'neutral',
};

export function staffDashboardPage(p: StaffDashboardPageProps): string {
  const title = 'Oversikt';
  return renderStaffPage(
    { title, email: p.email, csrfToken: p.csrfToken, roles: p.roles, current: 'dashboard' },
    <>
      {p.programmes.length === 0 && <Paragraph>Du har ikke tilgang til noe program.</Paragraph>}
      {p.programmes.map((figures) => (
        <ProgrammeDashboard figures={figures} roles={p.roles} />
      ))}
    </>,
  );
}

function ProgrammeDashboard({
  figures: f,
  roles,
}: {
  figures: DashboardFigures;
  roles: StaffRoles | undefined;
}) {
  const exports = EXPORTS.filter((e) => !roles || mayUse(roles, f.programme, `export:${e.name}`));
  const programme = PROGRAMMES[f.programme];
  const id = (part: string) => `${f.programme}-${part}`;
  const rounds = f.rounds;
  const columns = (first: string) => [first, ...rounds.map((r) => r.name), 'Alle runder'];
  const slices: DashboardSlice[] = [...rounds, f.total];
  /** A row per key: its count in each round, then in all. */
  const countRows = (
    pick: (s: DashboardSlice) => KeyCount[],
    label: (key: string | null) => string,
  ) =>
    pick(f.total).map(
      ({ key }): FigureRow => ({
        header: label(key),
        cells: slices.map((s) => String(pick(s).find((c) => c.key === key)?.count ?? 0)),
      }),
    );
  const allRow: FigureRow = {
    header: 'Alle søknader',
    cells: slices.map((s) => String(s.applications)),
  };

  return (
    <section class="section stack" aria-labelledby={id('tittel')}>
      <Heading level={2} id={id('tittel')}>
        {programme.name}
      </Heading>
      <Paragraph>Tallene er hentet {formatDateTime(f.asOf)}.</Paragraph>

      <Heading level={3}>Eksport</Heading>
      <ul class="ds-list">
        {exports.map((e) => (
          <li>
            <a class="ds-link" href={`/staff/exports/${f.programme}/${e.file}`} download>
              {e.label} i {programme.name} (CSV)
            </a>
          </li>
        ))}
      </ul>

      <Heading level={3}>Søknader per status</Heading>
      <FigureTable
        id={id('status')}
        caption={`Søknader til ${programme.name} per status og søknadsrunde`}
        columns={columns('Status')}
        rows={APPLICATION_STATUSES.map((status) => ({
          header: STATUS_LABELS[status],
          cells: slices.map((s) => String(s.byStatus[status])),
        }))}
        total={allRow}
      />

      <Heading level={3}>Godkjente stillinger og kapasitet</Heading>
      <Paragraph>
        Godkjente stillinger er stillingene i søknader som er godkjent, også der tilskuddet senere
        er avsluttet: slik telles de mot rundens kapasitet når fagrådet godkjenner.
      </Paragraph>
      <BarChart
        id={id('kapasitet-diagram')}
        title={`Godkjente stillinger og kapasitet per søknadsrunde, ${programme.name}`}
        description="Liggende stolper med godkjente stillinger og kapasitet for hver runde. Tallene står i tabellen under."
        groups={rounds.map((r) => ({
          label: r.name,
          bars: [
            { label: 'Godkjent', value: r.positionsApproved, tone: 'accent' },
            { label: 'Kapasitet', value: r.capacity, tone: 'neutral' },
          ],
        }))}
        format={String}
      />
      <FigureTable
        id={id('kapasitet')}
        caption={`Godkjente stillinger og kapasitet per søknadsrunde, ${programme.name}`}
        columns={['Søknadsrunde', 'Godkjente stillinger', 'Kapasitet', 'Ledige']}
        rows={slices.map((s, i) => ({
          header: rounds[i]?.name ?? 'Alle runder',
          cells: [
            s.positionsApproved,
            s.capacity,
            Math.max(0, s.capacity - s.positionsApproved),
          ].map(String),
        }))}
      />

      <Heading level={3}>Søknader per fylke</Heading>
      <FigureTable
        id={id('fylke')}
        caption={`Søknader til ${programme.name} per fylke og søknadsrunde`}
        columns={columns('Fylke')}
        rows={countRows(
          (s) => s.byCounty,
          (key) => key ?? 'Ukjent kommunenummer',
        )}
        total={allRow}
      />

      <Heading level={3}>Søknader per helseforetak</Heading>
      <FigureTable
        id={id('helseforetak')}
        caption={`Søknader til ${programme.name} per helseforetak og søknadsrunde`}
        columns={columns('Helseforetak')}
        rows={countRows(
          (s) => s.byRegion,
          (key) => (key === null ? 'Ikke oppgitt' : regionName(programme, key)),
        )}
        total={allRow}
      />

      <Heading level={3}>Søknader per tilknytningsform</Heading>
      <FigureTable
        id={id('tilknytning')}
        caption={`Søknader til ${programme.name} per tilknytningsform og søknadsrunde`}
        columns={columns('Tilknytningsform')}
        rows={EMPLOYMENT_MODELS.map((model) => ({
          header: EMPLOYMENT_MODEL_LABELS[model],
          cells: slices.map((s) => String(s.byEmploymentModel[model])),
        }))}
        total={allRow}
      />

      <Money figures={f} id={id} />
      <WaitingReviews figures={f} id={id} />
    </section>
  );
}

function Money({ figures: f, id }: { figures: DashboardFigures; id: (part: string) => string }) {
  const programme = PROGRAMMES[f.programme];
  const sum = (m: MoneyAmounts) => MONEY_STATES.reduce((total, s) => total + m[s], 0);
  return (
    <>
      <Heading level={3}>Utbetalinger per år</Heading>
      <Paragraph>
        Beløpene er netto til utbetaling til kommunene (tilskudd minus egenandel), i hele kroner,
        fordelt på året utbetalingen forfaller. Kansellerte utbetalinger er ikke med. «Meldt til
        økonomi» tar også med utbetalinger som er klare til å meldes; «Kommer senere» er planlagte
        utbetalinger og utbetalinger som venter på kommunens bekreftelse.
      </Paragraph>
      {f.total.money.length === 0 ? (
        <Paragraph>Ingen utbetalinger ennå.</Paragraph>
      ) : (
        <>
          <BarChart
            id={id('penger-diagram')}
            title={`Utbetalinger per år, ${programme.name}`}
            description="Liggende stolper med utbetalt, meldt til økonomi, holdt tilbake og kommer senere for hvert år. Tallene står i tabellen under."
            groups={f.total.money.map((m) => ({
              label: String(m.year),
              bars: MONEY_STATES.map((s) => ({
                label: MONEY_STATE_LABELS[s],
                value: m[s],
                tone: MONEY_TONES[s],
              })),
            }))}
            format={formatNok}
          />
          <FigureTable
            id={id('penger')}
            caption={`Utbetalinger per år, netto i hele kroner, ${programme.name}`}
            columns={['År', ...MONEY_STATES.map((s) => MONEY_STATE_LABELS[s]), 'Sum']}
            rows={f.total.money.map((m) => ({
              header: String(m.year),
              cells: [...MONEY_STATES.map((s) => m[s]), sum(m)].map(formatNok),
            }))}
            total={{
              header: 'Sum',
              cells: [
                ...MONEY_STATES.map((s) => f.total.moneyTotal[s]),
                sum(f.total.moneyTotal),
              ].map(formatNok),
            }}
          />
        </>
      )}
    </>
  );
}

function WaitingReviews({
  figures: f,
  id,
}: {
  figures: DashboardFigures;
  id: (part: string) => string;
}) {
  const programme = PROGRAMMES[f.programme];
  const waiting = f.total.waitingReviews;
  const roundName = (roundId: string) =>
    f.rounds.find((r) => r.roundId === roundId)?.name ?? roundId;
  return (
    <>
      <Heading level={3}>Vurderinger som venter</Heading>
      {waiting.length === 0 ? (
        <Paragraph>Ingen søknader venter på fagrådet.</Paragraph>
      ) : (
        <>
          <Paragraph>
            {waiting.length === 1
              ? '1 søknad venter på fagrådet.'
              : `${waiting.length} søknader venter på fagrådet.`}{' '}
            Den som har ventet lengst, står først.
          </Paragraph>
          <FigureTable
            id={id('venter')}
            caption={`Søknader til ${programme.name} som venter på fagrådet, eldste først`}
            columns={['Søknad', 'Kommune', 'Søknadsrunde', 'Sendt til vurdering', 'Ventet']}
            textColumns={3}
            rows={waiting.map((w) => ({
              header: w.applicationId,
              href: staffApplicationPath(w.applicationId),
              cells: [
                w.municipalityName,
                roundName(w.roundId),
                formatDate(w.requestedAt),
                daysText(w.days),
              ],
            }))}
          />
        </>
      )}
    </>
  );
}
