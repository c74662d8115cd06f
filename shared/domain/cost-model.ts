// What an ALIS position costs the municipality, year by year over the five years of a grant,
// against an ordinary private GP with the same list. Pure; whole kroner.
//
// Ordinary private practice: the basistilskudd for every listed patient. A self-employed ALIS: a
// yearly guarantee covering the first patients, the basistilskudd at a higher rate for each
// patient above them, and a recruitment grant in year 1. A salaried ALIS: what the user says the
// position costs (salary and other costs) less what it brings in. The programme's ALIS grant
// offsets part of the extra cost, whichever the model.

import type { FieldError } from './application.js';
import { type CostRates, latestRates, rateYears, ratesFor } from './cost-rates.js';
import {
  PROGRAMMES,
  PROGRAMME_IDS,
  type Programme,
  type ProgrammeId,
  isProgrammeId,
} from './programmes.js';

/** A grant runs for five years, so the comparison does too. */
export const COST_YEARS = 5;

/**
 * The longest list the calculator takes. Basistilskudd is paid for at most 2 500 listed patients,
 * and a bound keeps a typing slip from producing a chart of nonsense.
 */
export const MAX_LIST_SIZE = 2_500;

/** The largest yearly amount accepted for the salaried figures: far above any one position. */
export const MAX_AMOUNT = 100_000_000;

/** A salaried ALIS, as the municipality itself reckons it per year. */
export interface SalariedFigures {
  /** Salary with holiday pay, employer's tax and pension. */
  salary: number;
  /** Office, staff, equipment, courses and the like. */
  otherCosts: number;
  /** What the position brings the municipality: Helfo refunds, patients' fees and the like. */
  income: number;
}

export interface CostQuery {
  listSize: number;
  /** Whose grant offsets a salaried ALIS's extra cost; ALIS-Nord when not asked for. */
  programme: ProgrammeId;
  /** The rates' year. */
  year: number;
  salaried?: SalariedFigures;
}

export interface SalariedYear {
  /** `salary + otherCosts − income`; negative when the position earns more than it costs. */
  cost: number;
  /** `cost − ordinary`. */
  extraCost: number;
  /** The chosen programme's grant less the municipality's share (ALIS-Vest: 200 000 − 50 000). */
  netGrant: number;
  /** `extraCost − netGrant`. */
  netExtraCost: number;
}

export interface CostYear {
  /** 1 to 5: the year of the grant, not a calendar year. */
  year: number;
  /** Basistilskudd for the patients up to `guaranteedPatients`. */
  ordinaryUpToGuarantee: number;
  /** Basistilskudd for the patients above `guaranteedPatients`. */
  ordinaryAboveGuarantee: number;
  /** What an ordinary private GP with this list costs: `listSize × basistilskudd`. */
  ordinary: number;
  alisGuarantee: number;
  /** The patients above `guaranteedPatients` at `alisRatePercent` of the basistilskudd. */
  alisAboveGuarantee: number;
  /** The recruitment grant in year 1; 0 in the other years. */
  recruitmentGrant: number;
  /** What a self-employed ALIS costs: the three above together. */
  alisSelfEmployed: number;
  /** `alisSelfEmployed − ordinary`. */
  extraCost: number;
  /** The programme's grant for the position this year. */
  alisGrant: number;
  /** `extraCost − alisGrant`: what the municipality carries; negative when the grant covers more. */
  netExtraCost: number;
  salaried?: SalariedYear;
}

export interface CostComparison {
  listSize: number;
  /** The programme whose net grant the salaried comparison uses. */
  programme: ProgrammeId;
  /** The year of the rates used. */
  year: number;
  rates: CostRates;
  salaried?: SalariedFigures;
  years: CostYear[];
}

/**
 * The comparison for a list size, under the given rates, with a salaried ALIS if figures are given.
 * The self-employed columns are ALIS-Nord's (the only programme with that model, and the source of
 * the table); the salaried one nets the chosen programme's grant less its egenandel.
 */
export function compareCosts(
  listSize: number,
  rates: CostRates,
  salaried?: SalariedFigures,
  programmeId: ProgrammeId = 'alis-nord',
  /** The programme's terms as they run now (its open round's); the configuration's by default. */
  programme: Pick<
    Programme,
    'grantPerPositionPerYear' | 'municipalSharePerPositionPerYear'
  > = PROGRAMMES[programmeId],
): CostComparison {
  const netGrant = programme.grantPerPositionPerYear - programme.municipalSharePerPositionPerYear;
  const first = Math.min(listSize, rates.guaranteedPatients);
  const above = listSize - first;
  const ordinaryUpToGuarantee = first * rates.basistilskuddPerPatient;
  const ordinaryAboveGuarantee = above * rates.basistilskuddPerPatient;
  const ordinary = ordinaryUpToGuarantee + ordinaryAboveGuarantee;
  // 125 % of 451 kr is 563.75 kr: rounded once, on the year's sum, half up, so that a list of
  // 800 gives the presentation's 169 125 kr exactly and no per-patient rounding adds up.
  const alisAboveGuarantee = Math.round(
    (above * rates.basistilskuddPerPatient * rates.alisRatePercent) / 100,
  );
  const salariedCost = salaried && salaried.salary + salaried.otherCosts - salaried.income;

  const years = Array.from({ length: COST_YEARS }, (_, i): CostYear => {
    const year = i + 1;
    const recruitmentGrant = year === 1 ? rates.recruitmentGrant : 0;
    const alisSelfEmployed = rates.alisGuarantee + alisAboveGuarantee + recruitmentGrant;
    const extraCost = alisSelfEmployed - ordinary;
    const alisGrant = rates.alisGrantPerYear;
    return {
      year,
      ordinaryUpToGuarantee,
      ordinaryAboveGuarantee,
      ordinary,
      alisGuarantee: rates.alisGuarantee,
      alisAboveGuarantee,
      recruitmentGrant,
      alisSelfEmployed,
      extraCost,
      alisGrant,
      netExtraCost: extraCost - alisGrant,
      ...(salariedCost !== undefined && {
        salaried: {
          cost: salariedCost,
          extraCost: salariedCost - ordinary,
          netGrant,
          netExtraCost: salariedCost - ordinary - netGrant,
        },
      }),
    };
  });

  return {
    listSize,
    programme: programmeId,
    year: rates.year,
    rates,
    ...(salaried && { salaried }),
    years,
  };
}

// --- Reading the query ---------------------------------------------------------------------------

export type CostQueryResult = { ok: true; query: CostQuery } | { ok: false; errors: FieldError[] };

/** The query's field names, as the form, the URL and the JSON errors' `path` use them. */
export const COST_FIELDS = [
  'listSize',
  'year',
  'programme',
  'salary',
  'otherCosts',
  'income',
] as const;
export type CostField = (typeof COST_FIELDS)[number];

interface WholeField {
  min: number;
  max: number;
  required?: string;
  invalid: string;
  range: string;
  repeated: string;
}

const nok = (amount: number) => amount.toLocaleString('nb-NO');

const FIELD_RULES: Record<Exclude<CostField, 'year' | 'programme'>, WholeField> = {
  listSize: {
    min: 0,
    max: MAX_LIST_SIZE,
    required: 'Fyll inn listelengden: hvor mange pasienter legen har på listen.',
    invalid: 'Listelengden må være et helt antall pasienter, for eksempel 800.',
    range: `Listelengden må være fra 0 til ${nok(MAX_LIST_SIZE)} pasienter.`,
    repeated: 'Oppgi listelengden bare én gang.',
  },
  salary: {
    min: 0,
    max: MAX_AMOUNT,
    invalid: 'Lønnskostnadene må være et beløp i hele kroner, for eksempel 1 300 000.',
    range: `Lønnskostnadene må være fra 0 til ${nok(MAX_AMOUNT)} kroner.`,
    repeated: 'Oppgi lønnskostnadene bare én gang.',
  },
  otherCosts: {
    min: 0,
    max: MAX_AMOUNT,
    invalid: 'Andre kostnader må være et beløp i hele kroner, for eksempel 250 000.',
    range: `Andre kostnader må være fra 0 til ${nok(MAX_AMOUNT)} kroner.`,
    repeated: 'Oppgi andre kostnader bare én gang.',
  },
  income: {
    min: 0,
    max: MAX_AMOUNT,
    invalid: 'Inntektene må være et beløp i hele kroner, for eksempel 900 000.',
    range: `Inntektene må være fra 0 til ${nok(MAX_AMOUNT)} kroner.`,
    repeated: 'Oppgi inntektene bare én gang.',
  },
};

/**
 * Reads the calculator's query: an object whose values may be anything a URL or a JSON body can
 * carry (a string, a number, an array for a repeated parameter, ...). Every field is checked, so
 * the user sees every problem at once. Amounts may be written with spaces ("1 300 000").
 */
export function validateCostQuery(input: unknown): CostQueryResult {
  const fields: Record<string, unknown> =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  const value = (name: string) => (Object.hasOwn(fields, name) ? fields[name] : undefined);
  const errors: FieldError[] = [];

  const read = (name: Exclude<CostField, 'year' | 'programme'>) => {
    const result = readWhole(value(name), FIELD_RULES[name]);
    if ('error' in result) errors.push({ path: name, ...result.error });
    return 'value' in result ? result.value : undefined;
  };

  const listSize = read('listSize');
  const year = readYear(value('year'), errors);
  const programme = readProgramme(value('programme'), errors);
  const salary = read('salary');
  const otherCosts = read('otherCosts');
  const income = read('income');
  // Other costs or income without a salary cannot make a salaried column; say so, by the salary.
  const salariedAsked =
    [otherCosts, income].some((v) => v !== undefined) ||
    errors.some((e) => e.path === 'otherCosts' || e.path === 'income');
  if (salariedAsked && salary === undefined && !errors.some((e) => e.path === 'salary')) {
    errors.push({
      path: 'salary',
      code: 'required',
      message: 'Fyll inn lønnskostnadene for å regne ut en fastlønnet ALIS.',
    });
  }

  if (errors.length > 0 || listSize === undefined || year === undefined || !programme) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    query: {
      listSize,
      programme,
      year,
      ...(salary !== undefined && {
        salaried: { salary, otherCosts: otherCosts ?? 0, income: income ?? 0 },
      }),
    },
  };
}

type Read = { value: number } | { absent: true } | { error: { code: string; message: string } };

function readWhole(raw: unknown, rule: WholeField): Read {
  const missing = (): Read =>
    rule.required ? { error: { code: 'required', message: rule.required } } : { absent: true };
  if (raw === undefined || raw === null) return missing();
  if (Array.isArray(raw)) return { error: { code: 'repeated', message: rule.repeated } };
  let n: number;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) {
      return Number.isNaN(raw) || Math.abs(raw) <= Number.MAX_SAFE_INTEGER
        ? { error: { code: 'not-whole', message: rule.invalid } }
        : { error: { code: 'out-of-range', message: rule.range } };
    }
    n = raw;
  } else if (typeof raw === 'string') {
    // People write "1 300 000", and Norwegian number formatting puts (narrow) no-break spaces there.
    const text = raw.replace(/[\s\u00a0\u202f]/g, '');
    if (text === '') return missing();
    if (!/^[-+−]?\d+$/.test(text)) return { error: { code: 'not-whole', message: rule.invalid } };
    const negative = /^[-−]/.test(text);
    const digits = text.replace(/^[-+−]/, '').replace(/^0+(?=\d)/, '');
    // Too many digits for any allowed value: refused before it could lose precision.
    if (negative || digits.length > 15) {
      return { error: { code: 'out-of-range', message: rule.range } };
    }
    n = Number(digits);
  } else {
    return { error: { code: 'not-whole', message: rule.invalid } };
  }
  if (n < rule.min || n > rule.max) return { error: { code: 'out-of-range', message: rule.range } };
  return { value: n === 0 ? 0 : n };
}

function readYear(raw: unknown, errors: FieldError[]): number | undefined {
  const years = rateYears();
  const message =
    years.length === 1
      ? `Kalkulatoren har satser bare for ${years[0]}.`
      : `Velg et år kalkulatoren har satser for: ${years.join(', ')}.`;
  if (Array.isArray(raw)) {
    errors.push({ path: 'year', code: 'repeated', message: 'Oppgi året bare én gang.' });
    return undefined;
  }
  const result = readWhole(raw, {
    min: 0,
    max: 9999,
    invalid: message,
    range: message,
    repeated: message,
  });
  if ('absent' in result) return latestRates().year;
  if ('error' in result || !ratesFor(result.value)) {
    errors.push({ path: 'year', code: 'unknown-year', message });
    return undefined;
  }
  return result.value;
}

function readProgramme(raw: unknown, errors: FieldError[]): ProgrammeId | undefined {
  if (raw === undefined || raw === null || raw === '') return 'alis-nord';
  if (isProgrammeId(raw)) return raw;
  errors.push({
    path: 'programme',
    code: Array.isArray(raw) ? 'repeated' : 'unknown-programme',
    message: Array.isArray(raw)
      ? 'Oppgi programmet bare én gang.'
      : `Velg et ALIS-program: ${PROGRAMME_IDS.map((id) => PROGRAMMES[id].name).join(' eller ')}.`,
  });
  return undefined;
}
