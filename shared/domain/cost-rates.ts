// The rates behind the cost calculator, each set with the year it applies to. Data, not code: a
// new year is a new entry. Whole kroner throughout.
//
// Only one year is configured, because only one is sourced. The ALIS-Nord presentation the
// calculator reproduces (early 2019: the project lead started 1 January 2019, the state budget
// line is for 2019–20) uses a basistilskudd of 451 kr per listed patient, the flat rate of the
// 2018–19 agreement period. Later periods changed the shape of the rate itself: from May 2020 a
// higher rate up to a breakpoint of 1 000 patients and a lower one above it, and from May 2023 a
// rate adjusted to each patient. The ALIS terms (a 400 000 kr guarantee, 125 % above 500) were set
// against the flat 2019 rate, so carrying them onto those rates would be a guess presented as a
// figure. A later year belongs here once the programme states its terms for it.

export interface CostRates {
  /** The year the rates apply to; the calculator's `year`. */
  year: number;
  /** What a municipality pays an ordinary GP per listed patient per year. */
  basistilskuddPerPatient: number;
  /** A self-employed ALIS is guaranteed this much a year, whatever the list... */
  alisGuarantee: number;
  /** ...and it covers this many patients; each patient above it is paid at `alisRatePercent`. */
  guaranteedPatients: number;
  /** Per patient above the guaranteed ones, in per cent of `basistilskuddPerPatient`. */
  alisRatePercent: number;
  /** Paid once, in year 1, to recruit a self-employed ALIS. */
  recruitmentGrant: number;
  /** The programme's yearly grant per ALIS position, which offsets the municipality's extra cost. */
  alisGrantPerYear: number;
  /**
   * A self-employed ALIS's necessary courses are paid, lost income included up to this much a
   * year («Nødvendige kurs dekkes, inkl. tapt arbeidsfortjeneste inntil tak på 50 000/år»).
   */
  courseLostIncomeCapPerYear: number;
  /**
   * The list size of the presentation's table («Kommunale kostnad – 800 pasienter»). Above it the
   * calculator carries the table's 125 % rule on: an extrapolation, and the page says so.
   */
  sourceTableListSize: number;
}

export const COST_RATES: readonly CostRates[] = [
  {
    year: 2019,
    basistilskuddPerPatient: 451,
    alisGuarantee: 400_000,
    guaranteedPatients: 500,
    alisRatePercent: 125,
    recruitmentGrant: 500_000,
    alisGrantPerYear: 200_000,
    courseLostIncomeCapPerYear: 50_000,
    sourceTableListSize: 800,
  },
];

/** The years that have rates, oldest first. */
export function rateYears(): number[] {
  return COST_RATES.map((r) => r.year).sort((a, b) => a - b);
}

/** The newest year's rates: what the calculator uses when no year is asked for. */
export function latestRates(): CostRates {
  const latest = Math.max(...rateYears());
  return COST_RATES.find((r) => r.year === latest)!;
}

export function ratesFor(year: number): CostRates | undefined {
  return COST_RATES.find((r) => r.year === year);
}
