// The cost calculator: a GET form (so a result is a link one can share), and for a list size the
// municipality's yearly cost of an ordinary private GP against a self-employed ALIS, and a salaried
// one when the user gives their own figures. The chart is server-drawn SVG (charts.tsx), with no
// script; its numbers are in the tables above it, which is what a screen reader reads.

import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../domain/application.js';
import type { CostComparison, CostField, CostYear } from '../../domain/cost-model.js';
import { MAX_LIST_SIZE } from '../../domain/cost-model.js';
import { PROGRAMMES, PROGRAMME_IDS } from '../../domain/programmes.js';
import { formatNok } from '../../presentation/format.js';
import { ErrorSummary, Heading, Paragraph, renderPage, type SummaryError } from '../layout.js';
import { BarChart, type BarGroup } from './charts.js';
import { Select, TextField } from './controls.js';

/** The chart's axis, where the calculator's tests have always found it. */
export { scale } from './charts.js';

export const CALCULATOR_PATH = '/calculator';

export interface CalculatorPageProps {
  /** What the user sent, as typed, so a refused form comes back with it. */
  values: Partial<Record<CostField, string>>;
  errors: readonly FieldError[];
  /** The years with rates, for the choice of year. */
  rateYears: readonly number[];
  comparison?: CostComparison;
}

const FIELD_ORDER: readonly CostField[] = [
  'listSize',
  'year',
  'programme',
  'salary',
  'otherCosts',
  'income',
];
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
          <Select
            id={fieldId('programme')}
            name="programme"
            label="Program"
            hint="Tilskuddet etter kommunens egenandel i programmet trekkes fra merkostnaden."
            value={value('programme')}
            placeholder={PROGRAMMES['alis-nord'].name}
            options={PROGRAMME_IDS.filter((id) => id !== 'alis-nord').map((id) => ({
              value: id,
              label: PROGRAMMES[id].name,
            }))}
            error={byField.get('programme')}
          />
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
        <dt>ALIS, selvstendig næringsdrivende</dt>
        <dd>
          {formatNok(r.alisGuarantee)} i året garantert for de første {guaranteed} pasientene, og{' '}
          {r.alisRatePercent} % av basistilskuddet for hver pasient over {guaranteed}
        </dd>
        <dt>Kurs</dt>
        <dd>
          Nødvendige kurs dekkes, inkl. tapt arbeidsfortjeneste inntil tak på{' '}
          {formatNok(r.courseLostIncomeCapPerYear)} i året
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
      {c.listSize > r.sourceTableListSize && (
        <Paragraph>
          Regnestykket bygger på en tabell for {r.sourceTableListSize.toLocaleString('nb-NO')}{' '}
          pasienter. For pasientene over {r.sourceTableListSize.toLocaleString('nb-NO')} følger
          kalkulatoren den samme regelen videre ({r.alisRatePercent} % av basistilskuddet per
          pasient): en framskriving, ikke en sats fra tabellen.
        </Paragraph>
      )}

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
              <th scope="col">ALIS, selvstendig næringsdrivende</th>
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
              {formatNok(c.salaried.income)} per år, {PROGRAMMES[c.programme].name}
            </caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col">Fastlønnet ALIS, netto</th>
                <th scope="col">Merkostnad mot ordinær fastlege</th>
                <th scope="col">Tilskudd etter egenandel</th>
                <th scope="col">Merkostnad etter tilskudd</th>
              </tr>
            </thead>
            <tbody>
              {c.years.map((y) => (
                <tr>
                  <th scope="row">År {y.year}</th>
                  <Amount value={y.salaried!.cost} />
                  <Amount value={y.salaried!.extraCost} />
                  <Amount value={y.salaried!.netGrant} />
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

/** Each year's bars: an ordinary GP, the self-employed ALIS, and the salaried one when given. */
function CostChart({ comparison: c }: { comparison: CostComparison }) {
  const groups: BarGroup[] = c.years.map((y) => ({
    label: `År ${y.year}`,
    bars: [
      { label: 'Ordinær privat fastlege', value: y.ordinary, tone: 'neutral' },
      { label: 'ALIS, selvstendig næringsdrivende', value: y.alisSelfEmployed, tone: 'accent' },
      ...(y.salaried
        ? [{ label: 'ALIS, fastlønnet', value: y.salaried.cost, tone: 'success' } as const]
        : []),
    ],
  }));
  const series = groups[0]?.bars.map((b) => b.label.toLowerCase()) ?? [];
  return (
    <BarChart
      id="kostnadsdiagram"
      title="Kommunens kostnad per år, år 1 til 5"
      description={`Stolpediagram med ${series.join(', ')} for hvert år. Tallene står i tabellene over.`}
      regionLabel="Diagram over kostnadene"
      groups={groups}
      format={formatNok}
    />
  );
}
