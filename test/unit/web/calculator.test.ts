import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { seedSettingsItem } from '../../../shared/store/programme-settings.js';
import { seedProgrammeSettings } from '../../support/seeded-settings.js';
import { fakeTable } from '../../support/table-fake.js';
import { formatNok } from '../../../shared/presentation/format.js';
import type { Request } from '../../../shared/web/http.js';
import { scale } from '../../../shared/web/pages/calculator.js';
import { route } from '../../../shared/web/router.js';
import { OPEN, request } from './support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

const ACCEPT_JSON = { accept: 'application/json' };

function calculator(
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  statusCode?: number;
  headers?: Record<string, unknown>;
  body?: string;
}> {
  const r: Request = { ...request('GET /calculator', { headers }), rawQueryString: query };
  return route(r) as never;
}

async function json(query: string) {
  const answer = await calculator(query, ACCEPT_JSON);
  expect(answer.headers?.['content-type']).toMatch(/^application\/json/);
  return { status: answer.statusCode, body: JSON.parse(answer.body ?? '') };
}

describe('GET /calculator (JSON)', () => {
  it("answers the ALIS-Nord presentation's 800-patient comparison in the documented shape", async () => {
    const { status, body } = await json('listSize=800');
    expect(status).toBe(200);
    expect(body).toEqual({
      listSize: 800,
      programme: 'alis-nord',
      year: 2019,
      rates: {
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
      years: [1, 2, 3, 4, 5].map((year) => ({
        year,
        ordinaryUpToGuarantee: 225_500,
        ordinaryAboveGuarantee: 135_300,
        ordinary: 360_800,
        alisGuarantee: 400_000,
        alisAboveGuarantee: 169_125,
        recruitmentGrant: year === 1 ? 500_000 : 0,
        alisSelfEmployed: year === 1 ? 1_069_125 : 569_125,
        extraCost: year === 1 ? 708_325 : 208_325,
        alisGrant: 200_000,
        netExtraCost: year === 1 ? 508_325 : 8_325,
      })),
    });
  });

  it('adds the salaried ALIS when the figures are given', async () => {
    const { status, body } = await json(
      'listSize=800&year=2019&salary=1+300+000&otherCosts=250000&income=900000',
    );
    expect(status).toBe(200);
    expect(body.salaried).toEqual({ salary: 1_300_000, otherCosts: 250_000, income: 900_000 });
    expect(body.years[4].salaried).toEqual({
      cost: 650_000,
      extraCost: 289_200,
      netGrant: 200_000,
      netExtraCost: 89_200,
    });
  });

  it('takes the grant and egenandel of the round open now, as the office set them', async () => {
    const vest = seedSettingsItem('alis-vest', new Date('2026-01-01T00:00:00Z'));
    vest.rounds = vest.rounds.map((r) =>
      r.id === 'alis-vest-2027' ? { ...r, maxYearlyAmount: 190_000, municipalShare: 60_000 } : r,
    );
    fakeTable([vest]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(OPEN);
    try {
      const { body } = await json('listSize=800&programme=alis-vest&salary=1300000');
      expect(body.years[1].salaried).toMatchObject({ netGrant: 130_000 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("nets ALIS-Vest's egenandel from its grant in the salaried comparison", async () => {
    const { body } = await json('listSize=800&programme=alis-vest&salary=1300000');
    expect(body.programme).toBe('alis-vest');
    expect(body.years[1].salaried).toMatchObject({ netGrant: 150_000 });
  });

  it.each([
    ['', 'listSize', 'required'],
    ['listSize=', 'listSize', 'required'],
    ['listSize=-1', 'listSize', 'out-of-range'],
    ['listSize=800.5', 'listSize', 'not-whole'],
    ['listSize=1e3', 'listSize', 'not-whole'],
    ['listSize=2501', 'listSize', 'out-of-range'],
    ['listSize=9999999999999999999999999999', 'listSize', 'out-of-range'],
    ['listSize=800&listSize=900', 'listSize', 'repeated'],
    ['listSize=800&listSize=800', 'listSize', 'repeated'],
    ['listSize[]=800', 'listSize', 'required'],
    ['listSize=%00', 'listSize', 'not-whole'],
    ['listSize=%E0%A4%A', 'listSize', 'not-whole'],
    ['listSize=800&year=2018', 'year', 'unknown-year'],
    ['listSize=800&year=2019&year=2019', 'year', 'repeated'],
    ['listSize=800&salary=-1', 'salary', 'out-of-range'],
    ['listSize=800&income=5', 'salary', 'required'],
  ])('refuses ?%s with 400 and a bokmål error at %s (%s)', async (query, path, code) => {
    const { status, body } = await json(query);
    expect(status).toBe(400);
    expect(body.errors).toContainEqual(
      expect.objectContaining({ path, code, message: expect.stringMatching(/\S/) }),
    );
  });

  it('never answers 5xx, whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom('listSize', 'year', 'salary', 'otherCosts', 'income', 'x'),
            fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String)),
          ),
        ),
        async (pairs) => {
          const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          for (const headers of [ACCEPT_JSON, {}]) {
            const answer = await calculator(query, headers);
            expect([200, 400]).toContain(answer.statusCode);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('GET /calculator (HTML)', () => {
  it('shows the empty form when opened without a query', async () => {
    const answer = await calculator('');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['content-type']).toMatch(/^text\/html/);
    expect(answer.body).toContain('<form method="get" action="/calculator"');
    expect(answer.body).toContain('<label class="ds-label" for="kalkulator-listSize">');
    expect(answer.body).not.toContain('feiloppsummering');
    expect(answer.body).not.toContain('<svg');
  });

  it("shows the presentation's figures, the rates with their year, and the chart", async () => {
    const answer = await calculator('listSize=800');
    expect(answer.statusCode).toBe(200);
    const body = answer.body!;
    for (const amount of [360_800, 569_125, 1_069_125, 208_325, 225_500, 135_300, 169_125]) {
      expect(body).toContain(formatNok(amount));
    }
    expect(body).toContain('Resultat for 800 pasienter');
    expect(body).toContain('<dt>Satser fra</dt><dd>2019</dd>');
    expect(body).toContain(`${formatNok(451)} per pasient per år`);
    expect(body).toContain('Pasient 501–800');
    expect(body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="kostnadsdiagram-tittel/);
    expect(body).toContain('<title id="kostnadsdiagram-tittel">');
    expect(body).toContain('<th scope="col">ALIS år 5</th>');
    expect(body).not.toMatch(/<script/i);
    expect(body).toContain('value="800"');
    expect(body).toContain(
      `Nødvendige kurs dekkes, inkl. tapt arbeidsfortjeneste inntil tak på ${formatNok(50_000)} i året`,
    );
    expect(body).toContain('ALIS, selvstendig næringsdrivende');
    // 800 is the table's own list: nothing is extrapolated.
    expect(body).not.toContain('framskriving');
  });

  it("says that patients above the table's 800 follow its 125 % rule by extrapolation", async () => {
    const body = (await calculator('listSize=1200')).body!;
    expect(body).toContain('For pasientene over 800 følger');
    expect(body).toContain('framskriving');
  });

  it("shows the chosen programme's net grant in the salaried table", async () => {
    const body = (await calculator('listSize=800&programme=alis-vest&salary=1300000')).body!;
    expect(body).toContain('Tilskudd etter egenandel');
    expect(body).toContain(formatNok(150_000));
    expect(body).toContain('<option value="alis-vest" selected');
  });

  it('adds the salaried table and bars when the figures are given', async () => {
    const answer = await calculator('listSize=800&salary=1300000&otherCosts=&income=900000');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Fastlønnet ALIS med kommunens tall');
    expect(answer.body).toContain('cost-chart__bar--salaried');
    expect(answer.body).toContain(formatNok(400_000 - 360_800));
  });

  it('re-renders the form with an error summary, the values kept and escaped', async () => {
    const answer = await calculator(
      `listSize=${encodeURIComponent('<script>alert(1)</script>')}&salary=-5&year=2019`,
    );
    expect(answer.statusCode).toBe(400);
    const body = answer.body!;
    expect(body).toContain('<title>Feil: ');
    expect(body).toContain('id="feiloppsummering"');
    expect(body).toContain('href="#kalkulator-listSize"');
    expect(body).toContain('href="#kalkulator-salary"');
    expect(body).toContain('Listelengden må være et helt antall pasienter');
    expect(body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(body).not.toContain('<script>');
    expect(body).toContain(
      'aria-describedby="kalkulator-listSize-hint kalkulator-listSize-error" aria-invalid="true"',
    );
    expect(body).toContain('value="-5"');
    expect(body).not.toContain('<svg');
  });

  it('refuses a repeated list size in the page too', async () => {
    const answer = await calculator('listSize=1&listSize=2');
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Oppgi listelengden bare én gang.');
  });

  it('answers HTML to a browser that accepts JSON and HTML both', async () => {
    const answer = await calculator('listSize=800', { accept: 'text/html,application/json' });
    expect(answer.headers?.['content-type']).toMatch(/^text\/html/);
  });

  it('reads queryStringParameters when there is no raw query string', async () => {
    const r: Request = {
      ...request('GET /calculator', { headers: ACCEPT_JSON }),
      queryStringParameters: { listSize: '800' },
    };
    const answer = await route(r);
    expect(answer).toMatchObject({ statusCode: 200 });
  });
});

describe('the chart axis', () => {
  it('is round and covers the values', () => {
    expect(scale(0, 1_069_125)).toEqual({ min: 0, max: 1_250_000, step: 250_000 });
    expect(scale(0, 1_527_500)).toEqual({ min: 0, max: 2_000_000, step: 500_000 });
    expect(scale(-25_500, 400_000)).toEqual({ min: -100_000, max: 400_000, step: 100_000 });
    expect(scale(0, 1)).toEqual({ min: 0, max: 1, step: 0.2 });
  });
});
