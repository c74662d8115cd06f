import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COST_YEARS,
  MAX_LIST_SIZE,
  compareCosts,
  validateCostQuery,
} from '../../../shared/domain/cost-model.js';
import { COST_RATES, latestRates, ratesFor } from '../../../shared/domain/cost-rates.js';

const rates2019 = ratesFor(2019)!;

describe('the rates', () => {
  it('holds the 2019 rates of the ALIS-Nord presentation', () => {
    expect(rates2019).toEqual({
      year: 2019,
      basistilskuddPerPatient: 451,
      alisGuarantee: 400_000,
      guaranteedPatients: 500,
      alisRatePercent: 125,
      recruitmentGrant: 500_000,
      alisGrantPerYear: 200_000,
      courseLostIncomeCapPerYear: 50_000,
      sourceTableListSize: 800,
    });
  });

  it('has one set per year, all in whole kroner', () => {
    const years = COST_RATES.map((r) => r.year);
    expect(new Set(years).size).toBe(years.length);
    for (const r of COST_RATES) {
      for (const v of Object.values(r)) expect(Number.isSafeInteger(v)).toBe(true);
    }
    expect(latestRates().year).toBe(Math.max(...years));
  });
});

describe('the cost comparison', () => {
  it("reproduces the ALIS-Nord presentation's table for 800 patients to the krone", () => {
    const { years, listSize, year } = compareCosts(800, rates2019);
    expect(listSize).toBe(800);
    expect(year).toBe(2019);
    expect(years).toHaveLength(5);
    // KOMMUNALE KOSTNAD – 800 pasienter: Privat hjemmel | ALIS år 1 | ALIS år 2..5
    const table = years.map((y) => ({
      rekrutteringstilskudd: y.recruitmentGrant,
      basistilskudd0til500: y.alisGuarantee,
      basistilskudd501til800: y.alisAboveGuarantee,
      årligeBasistilskudd: y.alisSelfEmployed,
    }));
    expect(table).toEqual([
      {
        rekrutteringstilskudd: 500_000,
        basistilskudd0til500: 400_000,
        basistilskudd501til800: 169_125,
        årligeBasistilskudd: 1_069_125,
      },
      ...Array.from({ length: 4 }, () => ({
        rekrutteringstilskudd: 0,
        basistilskudd0til500: 400_000,
        basistilskudd501til800: 169_125,
        årligeBasistilskudd: 569_125,
      })),
    ]);
    // The "Privat hjemmel" column, the same every year.
    for (const y of years) {
      expect(y.ordinaryUpToGuarantee).toBe(225_500);
      expect(y.ordinaryAboveGuarantee).toBe(135_300);
      expect(y.ordinary).toBe(360_800);
    }
    // "Merutgift for kommunen: kr 208 325, Rekrutteringstilskuddet kommer i tillegg."
    expect(years.map((y) => y.extraCost)).toEqual([708_325, 208_325, 208_325, 208_325, 208_325]);
    // "Tilskudd fra ALIS-Nord: 200 000"
    expect(years.map((y) => y.alisGrant)).toEqual(Array(5).fill(200_000));
    expect(years.map((y) => y.netExtraCost)).toEqual([508_325, 8_325, 8_325, 8_325, 8_325]);
    expect(years.map((y) => y.year)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    // listSize, ordinary, ALIS from year 2, extra cost from year 2
    [0, 0, 400_000, 400_000],
    [1, 451, 400_000, 399_549],
    [499, 225_049, 400_000, 174_951],
    [500, 225_500, 400_000, 174_500],
    [501, 225_951, 400_564, 174_613], // 563.75 rounds up to 564
    [502, 226_402, 401_128, 174_726], // 1 127.5 rounds half up
    [503, 226_853, 401_691, 174_838], // 1 691.25 rounds down
    [MAX_LIST_SIZE, 1_127_500, 1_527_500, 400_000],
  ])('at %i patients: ordinary %i, ALIS %i, extra %i', (n, ordinary, alis, extra) => {
    const { years } = compareCosts(n, rates2019);
    const [first, second] = years;
    expect(second!.ordinary).toBe(ordinary);
    expect(second!.alisSelfEmployed).toBe(alis);
    expect(second!.extraCost).toBe(extra);
    expect(first!.alisSelfEmployed).toBe(alis + 500_000);
  });

  it('pays the guarantee alone up to 500 patients, and the higher rate only above', () => {
    for (const n of [0, 250, 499, 500]) {
      const y = compareCosts(n, rates2019).years[1]!;
      expect(y.alisAboveGuarantee).toBe(0);
      expect(y.ordinaryAboveGuarantee).toBe(0);
      expect(y.ordinaryUpToGuarantee).toBe(n * 451);
    }
    const y = compareCosts(501, rates2019).years[1]!;
    expect(y.ordinaryUpToGuarantee).toBe(225_500);
    expect(y.ordinaryAboveGuarantee).toBe(451);
  });

  it('shows the grant covering more than the extra cost as a negative net cost', () => {
    expect(compareCosts(500, rates2019).years[1]!.netExtraCost).toBe(-25_500);
  });

  it('adds a salaried ALIS from the figures given, against the same ordinary GP and grant', () => {
    const { years, salaried } = compareCosts(800, rates2019, {
      salary: 1_300_000,
      otherCosts: 250_000,
      income: 900_000,
    });
    expect(salaried).toEqual({ salary: 1_300_000, otherCosts: 250_000, income: 900_000 });
    for (const y of years) {
      expect(y.salaried).toEqual({
        cost: 650_000,
        extraCost: 289_200,
        netGrant: 200_000,
        netExtraCost: 89_200,
      });
    }
    expect(compareCosts(800, rates2019).years[0]).not.toHaveProperty('salaried');
  });

  it("nets the chosen programme's egenandel from the salaried comparison: ALIS-Vest 200 000 − 50 000", () => {
    const figures = { salary: 1_300_000, otherCosts: 250_000, income: 900_000 };
    const vest = compareCosts(800, rates2019, figures, 'alis-vest');
    expect(vest.programme).toBe('alis-vest');
    for (const y of vest.years) {
      expect(y.salaried).toEqual({
        cost: 650_000,
        extraCost: 289_200,
        netGrant: 150_000,
        netExtraCost: 139_200,
      });
      // The self-employed columns stay ALIS-Nord's: that model is only offered there.
      expect(y.alisGrant).toBe(200_000);
    }
    expect(compareCosts(800, rates2019, figures).years[1]!.salaried!.netGrant).toBe(200_000);
  });

  it('keeps every figure a whole krone and the sums consistent, for every list size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_LIST_SIZE }),
        fc.option(
          fc.record({
            salary: fc.integer({ min: 0, max: 100_000_000 }),
            otherCosts: fc.integer({ min: 0, max: 100_000_000 }),
            income: fc.integer({ min: 0, max: 100_000_000 }),
          }),
          { nil: undefined },
        ),
        (n, salaried) => {
          const { years } = compareCosts(n, rates2019, salaried);
          expect(years).toHaveLength(COST_YEARS);
          for (const y of years) {
            const numbers = [
              ...Object.values(y).filter((v) => typeof v === 'number'),
              ...Object.values(y.salaried ?? {}),
            ];
            for (const v of numbers) expect(Number.isSafeInteger(v)).toBe(true);
            expect(y.ordinary).toBe(n * 451);
            expect(y.alisSelfEmployed).toBe(
              y.alisGuarantee + y.alisAboveGuarantee + y.recruitmentGrant,
            );
            expect(y.netExtraCost).toBe(y.alisSelfEmployed - y.ordinary - y.alisGrant);
            // 125 % of the rate, to within the half krone of rounding.
            expect(Math.abs(y.alisAboveGuarantee - Math.max(0, n - 500) * 563.75)).toBeLessThan(1);
          }
        },
      ),
    );
  });
});

describe('reading the query', () => {
  it('reads a list size and defaults the year to the newest rates', () => {
    expect(validateCostQuery({ listSize: '800' })).toEqual({
      ok: true,
      query: { listSize: 800, programme: 'alis-nord', year: latestRates().year },
    });
    expect(validateCostQuery({ listSize: 0, year: 2019 })).toEqual({
      ok: true,
      query: { listSize: 0, programme: 'alis-nord', year: 2019 },
    });
    expect(validateCostQuery({ listSize: 0, programme: 'alis-vest' })).toMatchObject({
      ok: true,
      query: { programme: 'alis-vest' },
    });
  });

  it('refuses an unknown or repeated programme by its field', () => {
    for (const programme of ['alis-sør', ['alis-nord', 'alis-vest'], 7]) {
      const result = validateCostQuery({ listSize: 800, programme });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['programme']);
    }
  });

  it('takes amounts written the Norwegian way, with spaces', () => {
    const result = validateCostQuery({
      listSize: ' 1 200 ',
      salary: '1\u00a0300\u202f000',
      otherCosts: '',
      income: '900 000',
    });
    expect(result).toEqual({
      ok: true,
      query: {
        listSize: 1200,
        programme: 'alis-nord',
        year: 2019,
        salaried: { salary: 1_300_000, otherCosts: 0, income: 900_000 },
      },
    });
  });

  it('treats empty salaried fields as not given', () => {
    expect(validateCostQuery({ listSize: '800', salary: '', otherCosts: '', income: ' ' })).toEqual(
      { ok: true, query: { listSize: 800, programme: 'alis-nord', year: 2019 } },
    );
  });

  it.each([
    [{}, 'listSize', 'required'],
    [{ listSize: '' }, 'listSize', 'required'],
    [{ listSize: null }, 'listSize', 'required'],
    [{ listSize: '-1' }, 'listSize', 'out-of-range'],
    [{ listSize: -1 }, 'listSize', 'out-of-range'],
    [{ listSize: '2501' }, 'listSize', 'out-of-range'],
    [{ listSize: '99999999999999999999999' }, 'listSize', 'out-of-range'],
    [{ listSize: 1e308 }, 'listSize', 'out-of-range'],
    [{ listSize: Number.POSITIVE_INFINITY }, 'listSize', 'out-of-range'],
    [{ listSize: '800.5' }, 'listSize', 'not-whole'],
    [{ listSize: '800,0' }, 'listSize', 'not-whole'],
    [{ listSize: 800.5 }, 'listSize', 'not-whole'],
    [{ listSize: Number.NaN }, 'listSize', 'not-whole'],
    [{ listSize: '8e2' }, 'listSize', 'not-whole'],
    [{ listSize: '0x10' }, 'listSize', 'not-whole'],
    [{ listSize: 'åtte hundre' }, 'listSize', 'not-whole'],
    [{ listSize: true }, 'listSize', 'not-whole'],
    [{ listSize: { n: 1 } }, 'listSize', 'not-whole'],
    [{ listSize: ['800', '900'] }, 'listSize', 'repeated'],
    [{ listSize: '800', year: '2018' }, 'year', 'unknown-year'],
    [{ listSize: '800', year: 'i fjor' }, 'year', 'unknown-year'],
    [{ listSize: '800', year: ['2019', '2019'] }, 'year', 'repeated'],
    [{ listSize: '800', salary: '-5' }, 'salary', 'out-of-range'],
    [{ listSize: '800', salary: '1,3 mill' }, 'salary', 'not-whole'],
    [{ listSize: '800', income: '900000' }, 'salary', 'required'],
    [{ listSize: '800', otherCosts: 'mye' }, 'otherCosts', 'not-whole'],
  ])('refuses %j at %s (%s)', (input, path, code) => {
    const result = validateCostQuery(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.objectContaining({ path, code }));
    for (const e of result.errors) expect(e.message).toMatch(/\S/);
  });

  it('reports every field at once, in bokmål', () => {
    const result = validateCostQuery({ listSize: 'x', year: '1900', salary: '-1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['listSize', 'year', 'salary']);
    expect(result.errors[0]!.message).toBe(
      'Listelengden må være et helt antall pasienter, for eksempel 800.',
    );
    expect(result.errors[1]!.message).toBe('Kalkulatoren har satser bare for 2019.');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.string(), fc.anything()), (a, dict) => {
        for (const input of [a, dict, { listSize: a, year: a, salary: a, income: a }]) {
          const result = validateCostQuery(input);
          if (result.ok) {
            expect(Number.isSafeInteger(result.query.listSize)).toBe(true);
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });
});
