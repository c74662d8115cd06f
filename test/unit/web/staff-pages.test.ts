import { describe, expect, it } from 'vitest';
import { formatNok } from '../../../shared/presentation/format.js';
import type {
  DashboardFigures,
  DashboardSlice,
  EvaluationFigures,
  RegionEvaluation,
} from '../../../shared/services/staff-figures.js';
import { staffDashboardPage, staffEvaluationPage } from '../../../shared/web/pages/index.js';

const EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const ESCAPED = '&quot;>&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>';
const FRAME = { email: 'leder@alis-nord.example.no', csrfToken: 'csrf-token-123' };

function slice(overrides: Partial<DashboardSlice> = {}): DashboardSlice {
  return {
    applications: 3,
    byStatus: {
      AWAITING_CONTACT: 0,
      COMPLAINED: 0,
      SUBMITTED: 1,
      IN_REVIEW: 1,
      CHANGES_REQUESTED: 0,
      APPROVED: 0,
      REJECTED: 0,
      WITHDRAWN: 0,
      ACTIVE: 1,
      COMPLETED: 0,
      ENDED: 0,
    },
    byCounty: [
      { key: 'Nordland', count: 1 },
      { key: 'Troms', count: 0 },
      { key: 'Finnmark', count: 1 },
      { key: null, count: 1 },
    ],
    byRegion: [
      { key: 'finnmarkssykehuset', count: 2 },
      { key: 'unn', count: 1 },
    ],
    byEmploymentModel: { salaried: 2, 'self-employed': 1 },
    positionsApproved: 2,
    capacity: 20,
    money: [{ year: 2027, paid: 150_000, notified: 200_000, held: 0, toCome: 0 }],
    moneyTotal: { paid: 150_000, notified: 200_000, held: 0, toCome: 0 },
    waitingReviews: [
      {
        applicationId: 'AN-2026-ABCDEFGH',
        municipalityName: EVIL,
        roundId: 'alis-nord-2027',
        reviewRound: 1,
        requestedAt: '2027-02-24T08:00:00Z',
        days: 14,
      },
    ],
    ...overrides,
  };
}

function dashboard(): DashboardFigures {
  return {
    programme: 'alis-nord',
    asOf: '2027-03-10T12:00:00.000Z',
    rounds: [
      { roundId: 'alis-nord-2019', name: 'Søknadsrunde 2019', ...slice({ capacity: 32 }) },
      { roundId: 'alis-nord-2027', name: 'Søknadsrunde 2027', ...slice() },
    ],
    total: slice({ capacity: 52 }),
  };
}

function region(region: string | null): RegionEvaluation {
  return {
    region,
    grants: { salaried: 2, 'self-employed': 1 },
    started: { salaried: 3, 'self-employed': 1 },
    inPosition: [1, 2, 3, 4, 5].map((year) => ({
      year,
      salaried: year < 3 ? 3 : 0,
      'self-employed': year === 3 ? 2 : 0,
    })),
    listSizes: [
      { year: 2, employmentModel: 'salaried', count: 2, mean: 800.25, min: 600, max: 1000 },
    ],
    paid: { salaried: 1_200_000, 'self-employed': 600_000 },
  };
}

function evaluation(): EvaluationFigures {
  return {
    programme: 'alis-nord',
    years: 5,
    regions: [region('finnmarkssykehuset'), region('unn'), region(null)],
    total: region(null),
    modelChanges: [
      {
        applicationId: 'AN-2026-CHANGED1',
        municipalityName: EVIL,
        region: 'unn',
        position: 1,
        year: 3,
        from: 'salaried',
        to: 'self-employed',
      },
    ],
    endedGrants: [
      {
        applicationId: 'AN-2026-ENDED001',
        municipalityName: EVIL,
        region: 'finnmarkssykehuset',
        positions: 1,
        employmentModel: 'salaried',
        endedOn: '2029-03-31',
        endReason: 'unconfirmed',
      },
    ],
  };
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
}

function expectFrame(html: string, current: string) {
  expect(html).toMatch(/^<!doctype html><html lang="nb">/);
  expect(html).toContain('<nav class="actions" aria-label="Prosjektet">');
  expect(html).toContain(`href="${current}" aria-current="page"`);
  for (const href of ['/staff', '/staff/applications', '/staff/evaluation']) {
    expect(html).toContain(`href="${href}"`);
  }
  expect(html).toContain('Logget inn som <strong>leder@alis-nord.example.no</strong>');
  expect(html).toMatch(
    /<form method="post" action="\/staff\/logout"><input type="hidden" name="csrf" value="csrf-token-123"\/>/,
  );
  // Headings in order: one h1, and never a level skipped on the way down.
  const levels = headingLevels(html);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toContain('<img');
}

function expectChartsWithTables(html: string, atLeast: number) {
  const charts = [...html.matchAll(/<svg[^>]*>/g)].map((m) => m[0]);
  expect(charts.length).toBeGreaterThanOrEqual(atLeast);
  for (const svg of charts) {
    expect(svg).toContain('role="img"');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)![1];
    const describedBy = /aria-describedby="([^"]+)"/.exec(svg)![1];
    expect(html).toContain(`<title id="${labelledBy}">`);
    expect(html).toContain(`<desc id="${describedBy}">`);
  }
  expect(html).toMatch(/<table class="ds-table"[^>]*><caption id="[^"]+">/);
  expect(html).toContain('<th scope="col"');
  expect(html).toContain('<th scope="row">');
}

describe('staffDashboardPage', () => {
  const html = staffDashboardPage({ ...FRAME, programmes: [dashboard()] });

  it('frames the page for signed-in staff, with the overview current', () => {
    expectFrame(html, '/staff');
    expect(html).toContain('<h1 class="ds-heading" data-size="lg">Oversikt</h1>');
    expect(html).toContain('<title>Oversikt – ALIS-tilskudd</title>');
  });

  it('links the programme exports', () => {
    for (const file of ['applications.csv', 'instalments.csv', 'audit.csv']) {
      expect(html).toContain(`href="/staff/exports/alis-nord/${file}"`);
    }
  });

  it('shows the applications per round, the capacity, the money and the waiting reviews', () => {
    expect(html).toContain('>ALIS-Nord</h2>');
    for (const heading of [
      'Søknader per status',
      'Godkjente stillinger og kapasitet',
      'Søknader per fylke',
      'Søknader per helseforetak',
      'Søknader per tilknytningsform',
      'Utbetalinger per år',
      'Vurderinger som venter',
    ]) {
      expect(html).toContain(`>${heading}</h3>`);
    }
    expect(html).toContain('<th scope="col" class="numeric">Søknadsrunde 2027</th>');
    expect(html).toContain('<th scope="row">Til vurdering i fagrådet</th>');
    expect(html).toContain('<th scope="row">Ukjent kommunenummer</th>');
    expect(html).toContain('<th scope="row">Universitetssykehuset Nord-Norge (UNN)</th>');
    expect(html).toContain('<th scope="row">Kommunal hjemmel (fastlønn)</th>');
    expect(html).toContain('netto til utbetaling');
    expect(html).toContain(formatNok(350_000));
    expect(html).toContain('14 dager');
    expectChartsWithTables(html, 2);
    // Each bar carries its label as text, not colour alone.
    expect(html).toMatch(/<text[^>]*>Godkjent<\/text>/);
    expect(html).toMatch(/<text[^>]*>Meldt til økonomi<\/text>/);
  });

  it('escapes a hostile municipality name', () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain(ESCAPED);
  });

  it('says so when there is nothing to show', () => {
    const empty = staffDashboardPage({
      ...FRAME,
      programmes: [
        {
          ...dashboard(),
          total: slice({ money: [], waitingReviews: [] }),
        },
      ],
    });
    expect(empty).toContain('Ingen utbetalinger ennå.');
    expect(empty).toContain('Ingen søknader venter på fagrådet.');
    expect(staffDashboardPage({ ...FRAME, programmes: [] })).toContain(
      'Du har ikke tilgang til noe program.',
    );
  });

  it('shows both programmes to staff who may see both', () => {
    const both = staffDashboardPage({
      ...FRAME,
      programmes: [dashboard(), { ...dashboard(), programme: 'alis-vest', rounds: [] }],
    });
    expect(both).toContain('>ALIS-Nord</h2>');
    expect(both).toContain('>ALIS-Vest</h2>');
    expect(both).toContain('href="/staff/exports/alis-vest/audit.csv"');
    // Element ids stay unique with two programmes on the page.
    const ids = [...both.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('staffEvaluationPage', () => {
  const html = staffEvaluationPage({ ...FRAME, programmes: [evaluation()] });

  it('frames the page for signed-in staff, with the evaluation current', () => {
    expectFrame(html, '/staff/evaluation');
    expect(html).toContain('<h1 class="ds-heading" data-size="lg">Evaluering</h1>');
  });

  it('compares the models per health trust and year, in charts and tables', () => {
    for (const heading of [
      'Stillinger startet',
      'ALIS i stilling per tilskuddsår',
      'Bytte av tilknytningsform',
      'Avsluttede tilskudd',
      'Listelengde',
      'Utbetalt per tilknytningsform',
    ]) {
      expect(html).toContain(`>${heading}</h3>`);
    }
    expect(html).toContain('<th scope="row">Finnmarkssykehuset</th>');
    expect(html).toContain('<th scope="row">Ukjent helseforetak</th>');
    expect(html).toContain('<th scope="row">Hele programmet</th>');
    expect(html).toContain('<th scope="col" class="numeric">År 5</th>');
    expect(html).toContain('Ikke bekreftet innen fristen');
    expect(html).toContain('31. mars 2029');
    expect(html).toContain('800,3');
    // List sizes per health trust as well as for the whole programme.
    expect(html).toContain('<th scope="row">Finnmarkssykehuset</th><td>År 2</td>');
    expect(html).toContain('<th scope="row">Hele programmet</th><td>År 2</td>');
    expect(html).toContain(formatNok(1_800_000));
    expect(html).toMatch(/<text[^>]*>Næringsdrift<\/text>/);
    expectChartsWithTables(html, 1);
  });

  it('escapes a hostile municipality name', () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain(ESCAPED);
  });

  it('says so when nothing has changed or ended', () => {
    const quiet = staffEvaluationPage({
      ...FRAME,
      programmes: [{ ...evaluation(), modelChanges: [], endedGrants: [] }],
    });
    expect(quiet).toContain('Ingen stillinger har byttet tilknytningsform.');
    expect(quiet).toContain('Ingen tilskudd er avsluttet før tiden.');
  });
});
