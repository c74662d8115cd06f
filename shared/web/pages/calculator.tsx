// The cost calculator: a GET form (so a result is a link one can share), and for a list size the
// municipality's yearly cost of an ordinary private GP against a self-employed ALIS, and a salaried
// one when the user gives their own figures. The chart is SVG drawn here, with no script; its
// numbers are in the tables above it, which is what a screen reader reads.

import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../domain/application.js';
import type { CostComparison, CostField, CostYear } from '../../domain/cost-model.js';
import { MAX_LIST_SIZE } from '../../domain/cost-model.js';
import { formatNok } from '../../presentation/format.js';
import { ErrorSummary, Heading, Paragraph, renderPage, type SummaryError } from '../layout.js';
import { Select, TextField } from './controls.js';

export const CALCULATOR_PATH = '/calculator';

export interface CalculatorPageProps {
  /** What the user sent, as typed, so a refused form comes back with it. */
  values: Partial<Record<CostField, string>>;
  errors: readonly FieldError[];
  /** The years with rates, for the choice of year. */
  rateYears: readonly number[];
  comparison?: CostComparison;
}

const FIELD_ORDER: readonly CostField[] = ['listSize', 'year', 'salary', 'otherCosts', 'income'];
const fieldId = (field: CostField) => `kalkulator-${field}`;

/** The user's own figures for a salaried ALIS, each per year in whole kroner. */
const SALARIED_FIELDS = [
  {
    name: 'salary',
    label: 'Lønnskostnader per år',
    hint: 'Lønn med feriepenger, arbeidsgiveravgift og pensjon.',
  },
  {
    name: 'otherCosts',
    label: 'Andre kostnader per år',
    hint: 'For eksempel kontor, hjelpepersonell, utstyr og kurs.',
  },
  {
    name: 'income',
    label: 'Inntekter per år',
    hint: 'Det stillingen gir kommunen tilbake, for eksempel refusjoner fra Helfo og egenandeler.',
  },
] as const;

export function calculatorPage(p: CalculatorPageProps): string {
  const title = 'Hva koster en ALIS-stilling kommunen?';
  const byField = new Map<string, string>();
  for (const e of p.errors) {
    byField.set(e.path, byField.has(e.path) ? `${byField.get(e.path)} ${e.message}` : e.message);
  }
  const summary: SummaryError[] = p.errors.map((e) => ({
    message: e.message,
    ...((FIELD_ORDER as readonly string[]).includes(e.path) && {
      href: `#${fieldId(e.path as CostField)}`,
    }),
  }));
  const value = (field: CostField) => p.values[field] ?? '';
  const newest = Math.max(...p.rateYears);

  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <Paragraph>
        Kalkulatoren sammenligner hva kommunen betaler hvert år i de fem årene en ALIS-stilling får
        tilskudd: en ordinær privat fastlege med samme liste, en ALIS som er selvstendig
        næringsdrivende, og – om du fyller inn kommunens egne tall – en fastlønnet ALIS.
      </Paragraph>
      <form method="get" action={CALCULATOR_PATH} noValidate class="stack" aria-label="Kalkulator">
        <TextField
          id={fieldId('listSize')}
          name="listSize"
          label="Listelengde"
          hint={`Antall pasienter på legens liste, fra 0 til ${MAX_LIST_SIZE.toLocaleString('nb-NO')}.`}
          value={value('listSize')}
          inputMode="numeric"
          short
          error={byField.get('listSize')}
        />
        <Select
          id={fieldId('year')}
          name="year"
          label="Satser fra år"
          hint="Basistilskuddet endres hvert år. Kalkulatoren bruker satsene for året du velger."
          value={value('year')}
          placeholder={`Nyeste satser (${newest})`}
          options={p.rateYears.map((y) => ({ value: String(y), label: String(y) }))}
          error={byField.get('year')}
        />
        <fieldset class="ds-fieldset stack" aria-describedby="kalkulator-fastlonn-hint">
          <legend class="ds-label">
            Fastlønnet ALIS <span class="label-optional">(valgfritt)</span>
          </legend>
          <div data-field="description" id="kalkulator-fastlonn-hint">
            Kostnadene for en fastlønnet ALIS avhenger av lokal lønn og inntekt. Fyll inn kommunens
            egne tall per år i hele kroner, så vises en fastlønnet ALIS ved siden av.
          </div>
          {SALARIED_FIELDS.map((field) => (
            <TextField
              id={fieldId(field.name)}
              name={field.name}
              label={field.label}
              hint={field.hint}
              value={value(field.name)}
              inputMode="numeric"
              short
              optional
              error={byField.get(field.name)}
            />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="primary">
            Regn ut
          </button>
        </div>
      </form>
      {p.comparison && <Result comparison={p.comparison} />}
    </>,
  );
}

function Result({ comparison: c }: { comparison: CostComparison }) {
  const r = c.rates;
  const [first, second] = c.years as [CostYear, CostYear];
  const patients =
    c.listSize === 1 ? '1 pasient' : `${c.listSize.toLocaleString('nb-NO')} pasienter`;
  const guaranteed = r.guaranteedPatients.toLocaleString('nb-NO');
  const aboveLabel =
    c.listSize > r.guaranteedPatients
      ? `Pasient ${(r.guaranteedPatients + 1).toLocaleString('nb-NO')}–${c.listSize.toLocaleString('nb-NO')}`
      : `Pasienter over ${guaranteed}`;
  return (
    <section class="section stack" aria-labelledby="resultat">
      <Heading level={2} id="resultat">
        Resultat for {patients}
      </Heading>
      <dl class="facts">
        <dt>Satser fra</dt>
        <dd>{c.year}</dd>
        <dt>Basistilskudd</dt>
        <dd>{formatNok(r.basistilskuddPerPatient)} per pasient per år</dd>
        <dt>ALIS, selvstendig</dt>
        <dd>
          {formatNok(r.alisGuarantee)} i året garantert for de første {guaranteed} pasientene, og{' '}
          {r.alisRatePercent} % av basistilskuddet for hver pasient over {guaranteed}
        </dd>
        <dt>Rekrutteringstilskudd</dt>
        <dd>{formatNok(r.recruitmentGrant)} det første året</dd>
        <dt>ALIS-tilskudd</dt>
        <dd>{formatNok(r.alisGrantPerYear)} i året fra programmet</dd>
      </dl>
      <Paragraph>
        En selvstendig næringsdrivende ALIS koster kommunen {formatNok(second.alisSelfEmployed)} i
        året mot {formatNok(second.ordinary)} for en ordinær privat fastlege: en merkostnad på{' '}
        {formatNok(second.extraCost)} i året, og {formatNok(first.extraCost)} det første året med
        rekrutteringstilskuddet. {grantSentence(second)}
      </Paragraph>

      <ScrollRegion labelledBy="kostnader-tabell">
        <table class="ds-table cost-table" data-size="sm">
          <caption id="kostnader-tabell">Kommunens kostnader per år, {patients}</caption>
          <thead>
            <tr>
              <th scope="col">Kostnad</th>
              <th scope="col">Ordinær privat fastlege</th>
              {c.years.map((y) => (
                <th scope="col">ALIS år {y.year}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Rekrutteringstilskudd</th>
              <Amount value={0} />
              {c.years.map((y) => (
                <Amount value={y.recruitmentGrant} />
              ))}
            </tr>
            <tr>
              <th scope="row">Pasient 1–{guaranteed} (ALIS: garantien)</th>
              <Amount value={second.ordinaryUpToGuarantee} />
              {c.years.map((y) => (
                <Amount value={y.alisGuarantee} />
              ))}
            </tr>
            <tr>
              <th scope="row">{aboveLabel}</th>
              <Amount value={second.ordinaryAboveGuarantee} />
              {c.years.map((y) => (
                <Amount value={y.alisAboveGuarantee} />
              ))}
            </tr>
            <tr>
              <th scope="row">Sum per år</th>
              <Amount value={second.ordinary} />
              {c.years.map((y) => (
                <Amount value={y.alisSelfEmployed} />
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollRegion>

      <ScrollRegion labelledBy="merkostnad-tabell">
        <table class="ds-table cost-table" data-size="sm">
          <caption id="merkostnad-tabell">
            Merkostnaden og hva ALIS-tilskuddet dekker, {patients}
          </caption>
          <thead>
            <tr>
              <th scope="col">År</th>
              <th scope="col">Ordinær privat fastlege</th>
              <th scope="col">ALIS, selvstendig</th>
              <th scope="col">Merkostnad</th>
              <th scope="col">ALIS-tilskudd</th>
              <th scope="col">Merkostnad etter tilskudd</th>
            </tr>
          </thead>
          <tbody>
            {c.years.map((y) => (
              <tr>
                <th scope="row">År {y.year}</th>
                <Amount value={y.ordinary} />
                <Amount value={y.alisSelfEmployed} />
                <Amount value={y.extraCost} />
                <Amount value={y.alisGrant} />
                <Amount value={y.netExtraCost} />
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      {c.salaried && (
        <ScrollRegion labelledBy="fastlonn-tabell">
          <table class="ds-table cost-table" data-size="sm">
            <caption id="fastlonn-tabell">
              Fastlønnet ALIS med kommunens tall: lønnskostnader {formatNok(c.salaried.salary)},
              andre kostnader {formatNok(c.salaried.otherCosts)}, inntekter{' '}
              {formatNok(c.salaried.income)} per år
            </caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col">Fastlønnet ALIS, netto</th>
                <th scope="col">Merkostnad mot ordinær fastlege</th>
                <th scope="col">Merkostnad etter tilskudd</th>
              </tr>
            </thead>
            <tbody>
              {c.years.map((y) => (
                <tr>
                  <th scope="row">År {y.year}</th>
                  <Amount value={y.salaried!.cost} />
                  <Amount value={y.salaried!.extraCost} />
                  <Amount value={y.salaried!.netExtraCost} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <CostChart comparison={c} />
      <Paragraph>
        Beregningen gjelder kommunens kostnader til legen. Alle beløp er i hele kroner; 125 % av
        basistilskuddet rundes av én gang per år.
      </Paragraph>
    </section>
  );
}

function grantSentence(y: CostYear): string {
  if (y.netExtraCost > 0) {
    return `ALIS-tilskuddet på ${formatNok(y.alisGrant)} i året dekker ${formatNok(y.alisGrant)} av merkostnaden, så kommunen står igjen med ${formatNok(y.netExtraCost)} i året fra år 2.`;
  }
  return `ALIS-tilskuddet på ${formatNok(y.alisGrant)} i året dekker hele merkostnaden fra år 2, og ${formatNok(-y.netExtraCost)} mer.`;
}

/**
 * A wide table scrolls sideways on a narrow screen; the region takes focus so that the keyboard
 * can scroll it too, and is named by the table's caption.
 */
function ScrollRegion({
  labelledBy,
  children,
}: {
  labelledBy: string;
  children: ComponentChildren;
}) {
  return (
    <section class="table-wrapper" aria-labelledby={labelledBy} tabindex={0}>
      {children}
    </section>
  );
}

function Amount({ value }: { value: number }) {
  return <td class="amount">{formatNok(value)}</td>;
}

// --- The chart ----------------------------------------------------------------------------------

interface Series {
  key: 'ordinary' | 'alis' | 'salaried';
  label: string;
  values: number[];
}

const WIDTH = 720;
const HEIGHT = 320;
const PLOT = { left: 120, right: 12, top: 16, bottom: 40 };

function CostChart({ comparison: c }: { comparison: CostComparison }) {
  const series: Series[] = [
    { key: 'ordinary', label: 'Ordinær privat fastlege', values: c.years.map((y) => y.ordinary) },
    {
      key: 'alis',
      label: 'ALIS, selvstendig',
      values: c.years.map((y) => y.alisSelfEmployed),
    },
    ...(c.salaried
      ? [
          {
            key: 'salaried' as const,
            label: 'ALIS, fastlønnet',
            values: c.years.map((y) => y.salaried!.cost),
          },
        ]
      : []),
  ];
  const all = series.flatMap((s) => s.values);
  const { min, max, step } = scale(Math.min(0, ...all), Math.max(1, ...all));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (v: number) => PLOT.top + ((max - v) / (max - min)) * plotHeight;
  const groupWidth = plotWidth / c.years.length;
  const barWidth = (groupWidth * 0.75) / series.length;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(t);

  return (
    <figure class="cost-chart stack stack--tight">
      {/* On a narrow screen the chart keeps a legible size and scrolls sideways. */}
      <section class="cost-chart__scroll" aria-label="Diagram over kostnadene" tabindex={0}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby="kostnadsdiagram-tittel"
          aria-describedby="kostnadsdiagram-beskrivelse"
          class="cost-chart__svg"
        >
          <title id="kostnadsdiagram-tittel">Kommunens kostnad per år, år 1 til 5</title>
          <desc id="kostnadsdiagram-beskrivelse">
            Stolpediagram med {series.map((s) => s.label.toLowerCase()).join(', ')} for hvert år.
            Tallene står i tabellene over.
          </desc>
          {ticks.map((t) => (
            <g>
              <line
                class={t === 0 ? 'cost-chart__axis' : 'cost-chart__grid'}
                x1={PLOT.left}
                x2={WIDTH - PLOT.right}
                y1={y(t)}
                y2={y(t)}
              />
              <text
                class="cost-chart__label"
                x={PLOT.left - 8}
                y={y(t)}
                text-anchor="end"
                dy="0.35em"
              >
                {formatNok(t)}
              </text>
            </g>
          ))}
          {c.years.map((year, i) => {
            const x0 = PLOT.left + i * groupWidth + groupWidth * 0.125;
            return (
              <g>
                {series.map((s, j) => {
                  const v = s.values[i]!;
                  const top = y(Math.max(v, 0));
                  return (
                    <rect
                      class={`cost-chart__bar cost-chart__bar--${s.key}`}
                      x={x0 + j * barWidth}
                      y={top}
                      width={barWidth - 2}
                      height={Math.max(Math.abs(y(v) - y(0)), 0)}
                    />
                  );
                })}
                <text
                  class="cost-chart__label"
                  x={PLOT.left + (i + 0.5) * groupWidth}
                  y={HEIGHT - PLOT.bottom + 24}
                  text-anchor="middle"
                >
                  År {year.year}
                </text>
              </g>
            );
          })}
        </svg>
      </section>
      <figcaption>
        <ul class="cost-chart__legend">
          {series.map((s) => (
            <li>
              <span class={`cost-chart__swatch cost-chart__bar--${s.key}`} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** A round axis: from `low` to `high` in about five steps of 1, 2, 2.5 or 5 times a power of ten. */
export function scale(low: number, high: number): { min: number; max: number; step: number } {
  const rough = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step, step };
}
