import { describe, expect, it } from 'vitest';
import { type Application, validateApplication } from '../../../shared/domain/application.js';
import type { EmploymentModel } from '../../../shared/domain/programmes.js';
import type { ApplicationStatus } from '../../../shared/domain/review.js';
import type { ProgrammeRecords } from '../../../shared/services/programme-records.js';
import { dashboardFigures, evaluationFigures } from '../../../shared/services/staff-figures.js';
import type {
  ApplicationItem,
  ConfirmationItem,
  GrantItem,
  InstalmentItem,
  PositionItem,
  ReviewRoundItem,
} from '../../../shared/store/items.js';
import nord from '../../fixtures/application-alis-nord.json';

const NOW = new Date('2027-03-10T12:00:00Z');

function nordApplication(): Application {
  const result = validateApplication(nord);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

interface AppOptions {
  id: string;
  status: ApplicationStatus;
  roundId?: string;
  number?: string;
  region?: string;
  model?: EmploymentModel;
  positions?: number;
}

function app(o: AppOptions): ApplicationItem {
  const base = nordApplication();
  return {
    pk: `APP#${o.id}`,
    sk: 'APPLICATION',
    applicationId: o.id,
    programme: 'alis-nord',
    roundId: o.roundId ?? 'alis-nord-2027',
    municipalityNumber: o.number ?? '5607',
    status: o.status,
    submittedAt: '2026-11-03T09:15:00Z',
    updatedAt: '2026-11-03T09:15:00Z',
    statusSecret: 's',
    application: {
      ...base,
      municipality: {
        ...base.municipality,
        municipalityNumber: o.number ?? '5607',
        region: o.region ?? 'finnmarkssykehuset',
      },
      employmentModel: o.model ?? 'salaried',
      positionsRequested: o.positions ?? 1,
    },
    version: 1,
    reviewRound: 1,
  };
}

function grant(id: string, overrides: Partial<GrantItem> = {}): GrantItem {
  return {
    pk: `APP#${id}`,
    sk: 'GRANT',
    applicationId: id,
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipality: { number: '5607', name: 'Vadsø kommune', organisationNumber: '944496394' },
    contactEmail: 'kontakt@vadso.kommune.no',
    positions: 1,
    employmentModel: 'salaried',
    yearlyAmountPerPosition: 200_000,
    egenandelPerPosition: 0,
    startDate: '2027-01-01',
    years: 5,
    status: 'ACTIVE',
    createdAt: '2026-12-05T10:00:00Z',
    ...overrides,
  };
}

function instalment(
  id: string,
  year: number,
  status: InstalmentItem['status'],
  overrides: Partial<InstalmentItem> = {},
): InstalmentItem {
  return {
    pk: `APP#${id}`,
    sk: `INSTALMENT#00${year}`,
    applicationId: id,
    programme: 'alis-nord',
    position: 1,
    year,
    years: 5,
    dueDate: `${2026 + year}-01-01`,
    grant: 200_000,
    egenandel: 50_000,
    net: 150_000,
    status,
    updatedAt: '2026-12-05T10:00:00Z',
    ...overrides,
  };
}

function continuing(
  id: string,
  year: number,
  employmentModel: EmploymentModel,
  listSize: number,
): ConfirmationItem {
  return {
    pk: `APP#${id}`,
    sk: `CONFIRMATION#00${year}`,
    applicationId: id,
    position: 1,
    year,
    dueDate: `${2026 + year}-01-01`,
    taskToken: 't',
    status: 'ANSWERED',
    requestedAt: `${2025 + year}-12-01T05:00:00Z`,
    answer: { status: 'continuing', employmentModel, listSize, by: 'k@x.no', at: 'x' },
    outcome: 'continuing',
  };
}

function reviewRound(id: string, requestedAt: string, status: 'OPEN' | 'DECIDED'): ReviewRoundItem {
  return {
    pk: `APP#${id}`,
    sk: 'REVIEW#001',
    applicationId: id,
    round: 1,
    taskToken: 't',
    status,
    requestedAt,
    windowStart: requestedAt,
    windowEnd: requestedAt,
    reviewers: [],
  };
}

function records(overrides: Partial<ProgrammeRecords> = {}): ProgrammeRecords {
  return {
    programme: 'alis-nord',
    applications: [],
    reviewRounds: [],
    grants: [],
    positions: [],
    instalments: [],
    confirmations: [],
    ...overrides,
  };
}

describe('dashboardFigures', () => {
  it('gives every round of the programme and a total, all zero without records', () => {
    const figures = dashboardFigures(records(), NOW);
    expect(figures.programme).toBe('alis-nord');
    expect(figures.asOf).toBe(NOW.toISOString());
    expect(figures.rounds.map((r) => [r.roundId, r.name, r.capacity])).toEqual([
      ['alis-nord-2019', 'Søknadsrunde 2019', 32],
      ['alis-nord-2027', 'Søknadsrunde 2027', 20],
    ]);
    expect(figures.total.capacity).toBe(52);
    expect(figures.total.applications).toBe(0);
    expect(figures.total.byStatus.SUBMITTED).toBe(0);
    expect(Object.keys(figures.total.byStatus)).toHaveLength(11);
    expect(figures.total.byCounty).toEqual([
      { key: 'Nordland', count: 0 },
      { key: 'Troms', count: 0 },
      { key: 'Finnmark', count: 0 },
    ]);
    expect(figures.total.byRegion.map((r) => r.key)).toEqual([
      'finnmarkssykehuset',
      'unn',
      'nordlandssykehuset',
      'helgelandssykehuset',
    ]);
    expect(figures.total.byEmploymentModel).toEqual({ salaried: 0, 'self-employed': 0 });
    expect(figures.total.money).toEqual([]);
    expect(figures.total.waitingReviews).toEqual([]);
  });

  it('counts applications by status, county, health trust and model, per round and in total', () => {
    const figures = dashboardFigures(
      records({
        applications: [
          app({ id: 'A1', status: 'SUBMITTED', number: '5607' }),
          app({ id: 'A2', status: 'IN_REVIEW', number: '5501', region: 'unn' }),
          app({ id: 'A3', status: 'ACTIVE', number: '1804', model: 'self-employed', positions: 2 }),
          app({ id: 'A4', status: 'APPROVED', roundId: 'alis-nord-2019', number: '9999' }),
          app({ id: 'A5', status: 'REJECTED', region: 'somewhere-else' }),
        ],
      }),
      NOW,
    );
    const [r2019, r2027] = figures.rounds;
    expect(r2027!.applications).toBe(4);
    expect(r2019!.applications).toBe(1);
    expect(figures.total.applications).toBe(5);
    expect(r2027!.byStatus).toMatchObject({ SUBMITTED: 1, IN_REVIEW: 1, ACTIVE: 1, REJECTED: 1 });
    expect(figures.total.byCounty).toEqual([
      { key: 'Nordland', count: 1 },
      { key: 'Troms', count: 1 },
      { key: 'Finnmark', count: 2 },
      // 9999 is in no register: counted, as unknown.
      { key: null, count: 1 },
    ]);
    expect(figures.total.byRegion).toEqual([
      { key: 'finnmarkssykehuset', count: 3 },
      { key: 'unn', count: 1 },
      { key: 'nordlandssykehuset', count: 0 },
      { key: 'helgelandssykehuset', count: 0 },
      { key: 'somewhere-else', count: 1 },
    ]);
    expect(figures.total.byEmploymentModel).toEqual({ salaried: 4, 'self-employed': 1 });
  });

  it('counts approved positions as the capacity counter does: from approval on, as requested', () => {
    const figures = dashboardFigures(
      records({
        applications: [
          app({ id: 'A1', status: 'APPROVED', positions: 2 }),
          app({ id: 'A2', status: 'ACTIVE' }),
          app({ id: 'A3', status: 'ENDED' }),
          app({ id: 'A4', status: 'COMPLETED', roundId: 'alis-nord-2019' }),
          app({ id: 'A5', status: 'IN_REVIEW', positions: 2 }),
          app({ id: 'A6', status: 'REJECTED' }),
          app({ id: 'A7', status: 'WITHDRAWN' }),
        ],
      }),
      NOW,
    );
    expect(figures.rounds[1]!.positionsApproved).toBe(4);
    expect(figures.rounds[1]!.capacity).toBe(20);
    expect(figures.rounds[0]!.positionsApproved).toBe(1);
    expect(figures.total.positionsApproved).toBe(5);
  });

  it('sums net kroner by the Oslo calendar year of the due date, by state, without cancelled', () => {
    const figures = dashboardFigures(
      records({
        applications: [app({ id: 'A1', status: 'ACTIVE' })],
        instalments: [
          instalment('A1', 1, 'PAID'),
          instalment('A1', 2, 'NOTIFIED', { dueDate: '2028-01-01' }),
          instalment('A1', 3, 'READY', { dueDate: '2028-12-31', net: 100_000 }),
          instalment('A1', 4, 'HELD', { dueDate: '2029-01-01' }),
          instalment('A1', 5, 'SCHEDULED', { dueDate: '2030-01-01' }),
          instalment('A1', 6, 'AWAITING_CONFIRMATION', { dueDate: '2030-06-01', net: 1 }),
          instalment('A1', 7, 'CANCELLED', { dueDate: '2031-01-01' }),
        ],
      }),
      NOW,
    );
    expect(figures.total.money).toEqual([
      { year: 2027, paid: 150_000, notified: 0, held: 0, toCome: 0 },
      { year: 2028, paid: 0, notified: 250_000, held: 0, toCome: 0 },
      { year: 2029, paid: 0, notified: 0, held: 150_000, toCome: 0 },
      { year: 2030, paid: 0, notified: 0, held: 0, toCome: 150_001 },
    ]);
    expect(figures.total.moneyTotal).toEqual({
      paid: 150_000,
      notified: 250_000,
      held: 150_000,
      toCome: 150_001,
    });
    expect(figures.rounds[1]!.moneyTotal.paid).toBe(150_000);
    expect(figures.rounds[0]!.money).toEqual([]);
  });

  it('takes an instalment to its round through the grant when the application is not listed', () => {
    const figures = dashboardFigures(
      records({
        grants: [grant('G1', { roundId: 'alis-nord-2019' })],
        instalments: [instalment('G1', 1, 'PAID')],
      }),
      NOW,
    );
    expect(figures.rounds[0]!.moneyTotal.paid).toBe(150_000);
    expect(figures.rounds[1]!.moneyTotal.paid).toBe(0);
  });

  it('lists open reviews oldest first, with whole Oslo days waited', () => {
    const figures = dashboardFigures(
      records({
        applications: [
          app({ id: 'A1', status: 'IN_REVIEW' }),
          app({ id: 'A2', status: 'IN_REVIEW', roundId: 'alis-nord-2019' }),
          app({ id: 'A3', status: 'APPROVED' }),
        ],
        reviewRounds: [
          reviewRound('A1', '2027-03-01T08:00:00Z', 'OPEN'),
          // 23:30 UTC on 23 February is 24 February in Oslo: 14 days before 10 March.
          reviewRound('A2', '2027-02-23T23:30:00Z', 'OPEN'),
          reviewRound('A3', '2027-01-01T08:00:00Z', 'DECIDED'),
        ],
      }),
      NOW,
    );
    expect(figures.total.waitingReviews).toEqual([
      {
        applicationId: 'A2',
        municipalityName: 'Vadsø',
        roundId: 'alis-nord-2019',
        reviewRound: 1,
        requestedAt: '2027-02-23T23:30:00Z',
        days: 14,
      },
      {
        applicationId: 'A1',
        municipalityName: 'Vadsø',
        roundId: 'alis-nord-2027',
        reviewRound: 1,
        requestedAt: '2027-03-01T08:00:00Z',
        days: 9,
      },
    ]);
    expect(figures.rounds[1]!.waitingReviews.map((r) => r.applicationId)).toEqual(['A1']);
  });

  it('keeps a round the records name but the configuration does not', () => {
    const figures = dashboardFigures(
      records({ applications: [app({ id: 'A1', status: 'SUBMITTED', roundId: 'old-round' })] }),
      NOW,
    );
    expect(figures.rounds.at(-1)).toMatchObject({
      roundId: 'old-round',
      name: 'old-round',
      capacity: 0,
      applications: 1,
    });
    expect(figures.total.capacity).toBe(52);
  });
});

describe('evaluationFigures', () => {
  const applications = [
    app({ id: 'G1', status: 'ACTIVE' }),
    app({ id: 'G2', status: 'ENDED', region: 'unn', model: 'self-employed' }),
    app({ id: 'G3', status: 'ENDED', region: 'unn' }),
  ];
  const grants = [
    grant('G1', { positions: 2 }),
    grant('G2', {
      employmentModel: 'self-employed',
      status: 'ENDED',
      endedOn: '2029-03-31',
      endReason: 'unconfirmed',
    }),
    grant('G3', { status: 'ENDED', endedOn: '2028-06-30', endReason: 'position-ended' }),
  ];
  const confirmations = [
    // G1 goes over to self-employment in year 3.
    continuing('G1', 2, 'salaried', 600),
    continuing('G1', 3, 'self-employed', 900),
    // G2 switches to salaried in year 2, then is never confirmed for year 3.
    continuing('G2', 2, 'salaried', 1000),
    {
      ...continuing('G2', 3, 'salaried', 0),
      status: 'UNCONFIRMED',
      answer: undefined,
      outcome: 'unconfirmed',
    },
  ] as ConfirmationItem[];
  const instalments = [
    instalment('G1', 1, 'PAID', { net: 400_000 }),
    instalment('G1', 2, 'PAID', { net: 400_000 }),
    instalment('G1', 3, 'PAID', { net: 400_000 }),
    instalment('G1', 4, 'NOTIFIED', { net: 400_000 }),
    instalment('G2', 1, 'PAID', { net: 200_000 }),
    instalment('G2', 2, 'PAID', { net: 200_000 }),
    instalment('G2', 3, 'CANCELLED', { net: 200_000 }),
    instalment('G3', 1, 'PAID', { net: 200_000 }),
  ];
  const figures = evaluationFigures(records({ applications, grants, confirmations, instalments }));

  it('lists the programme regions in order, each with the grant years', () => {
    expect(figures.years).toBe(5);
    expect(figures.regions.map((r) => r.region)).toEqual([
      'finnmarkssykehuset',
      'unn',
      'nordlandssykehuset',
      'helgelandssykehuset',
    ]);
    expect(figures.total.region).toBeNull();
    expect(figures.total.inPosition.map((y) => y.year)).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts positions started under the model at start', () => {
    expect(figures.total.grants).toEqual({ salaried: 2, 'self-employed': 1 });
    expect(figures.total.started).toEqual({ salaried: 3, 'self-employed': 1 });
    expect(figures.regions[0]!.started).toEqual({ salaried: 2, 'self-employed': 0 });
    expect(figures.regions[1]!.started).toEqual({ salaried: 1, 'self-employed': 1 });
  });

  it('counts a year in position when confirmed continuing, under the latest model up to it', () => {
    expect(figures.total.inPosition).toEqual([
      { year: 1, salaried: 3, 'self-employed': 1 },
      { year: 2, salaried: 3, 'self-employed': 0 },
      { year: 3, salaried: 0, 'self-employed': 2 },
      { year: 4, salaried: 0, 'self-employed': 0 },
      { year: 5, salaried: 0, 'self-employed': 0 },
    ]);
    expect(figures.regions[1]!.inPosition[1]).toEqual({ year: 2, salaried: 1, 'self-employed': 0 });
  });

  it('lists the changes of model with the year that reported them', () => {
    expect(figures.modelChanges).toEqual([
      {
        applicationId: 'G1',
        municipalityName: 'Vadsø kommune',
        region: 'finnmarkssykehuset',
        position: 1,
        year: 3,
        from: 'salaried',
        to: 'self-employed',
      },
      {
        applicationId: 'G2',
        municipalityName: 'Vadsø kommune',
        region: 'unn',
        position: 1,
        year: 2,
        from: 'self-employed',
        to: 'salaried',
      },
    ]);
  });

  it('lists ended grants by end date, with why', () => {
    expect(figures.endedGrants).toEqual([
      {
        applicationId: 'G3',
        municipalityName: 'Vadsø kommune',
        region: 'unn',
        positions: 1,
        employmentModel: 'salaried',
        endedOn: '2028-06-30',
        endReason: 'position-ended',
      },
      {
        applicationId: 'G2',
        municipalityName: 'Vadsø kommune',
        region: 'unn',
        positions: 1,
        employmentModel: 'salaried',
        endedOn: '2029-03-31',
        endReason: 'unconfirmed',
      },
    ]);
  });

  it('summarises the list sizes reported per year and model', () => {
    expect(figures.total.listSizes).toEqual([
      { year: 2, employmentModel: 'salaried', count: 2, mean: 800, min: 600, max: 1000 },
      { year: 3, employmentModel: 'self-employed', count: 1, mean: 900, min: 900, max: 900 },
    ]);
    expect(figures.regions[2]!.listSizes).toEqual([]);
  });

  it('sums the net paid by the model of the position in the instalment year', () => {
    expect(figures.total.paid).toEqual({ salaried: 1_200_000, 'self-employed': 600_000 });
    expect(figures.regions[0]!.paid).toEqual({ salaried: 800_000, 'self-employed': 400_000 });
  });

  it('keeps grants of an unknown region apart, and never counts a year after a gap', () => {
    const gap = evaluationFigures(
      records({
        grants: [grant('X1')],
        confirmations: [continuing('X1', 3, 'self-employed', 500)],
      }),
    );
    expect(gap.regions.at(-1)!.region).toBeNull();
    expect(gap.regions.at(-1)!.inPosition.map((y) => y.salaried + y['self-employed'])).toEqual([
      1, 0, 0, 0, 0,
    ]);
    expect(gap.modelChanges).toEqual([]);
  });
});

describe('figures of grants whose positions have lives of their own', () => {
  function position(
    id: string,
    n: number,
    status: PositionItem['status'],
    overrides: Partial<PositionItem> = {},
  ): PositionItem {
    return {
      pk: `APP#${id}`,
      sk: `POSITION#00${n}`,
      applicationId: id,
      programme: 'alis-nord',
      roundId: 'alis-nord-2027',
      municipalityNumber: '5607',
      position: n,
      candidate: { kind: 'new-position' },
      status,
      years: 5,
      updatedAt: '2027-01-01T00:00:00Z',
      ...(status !== 'AWAITING_START' &&
        status !== 'LAPSED' && { startDate: '2027-04-01', employmentModel: 'salaried' }),
      ...overrides,
    };
  }
  const second = (c: ConfirmationItem): ConfirmationItem => ({
    ...c,
    sk: `CONFIRMATION#P002#00${c.year}`,
    position: 2,
  });

  // P1: one grant of 3 positions. Position 1 started self-employed and is confirmed in year 2;
  // position 2 started salaried, switched in year 2 and went on to year 3; position 3 lapsed.
  // P2: one grant of 2 positions, one started, one still awaiting its doctor.
  const positions = [
    // Position 1's item holds the model of its latest confirmation; it started self-employed.
    position('P1', 1, 'ACTIVE', {
      employmentModel: 'salaried',
      startedAs: 'self-employed',
      startDate: '2027-01-01',
    }),
    // Position 2 started at the approval (salaried, as the application), then switched.
    position('P1', 2, 'ACTIVE', { employmentModel: 'self-employed' }),
    position('P1', 3, 'LAPSED'),
    position('P2', 1, 'ACTIVE'),
    position('P2', 2, 'AWAITING_START'),
  ];
  const input = records({
    applications: [
      app({ id: 'P1', status: 'ACTIVE', positions: 3 }),
      app({ id: 'P2', status: 'ACTIVE', positions: 2, region: 'unn' }),
    ],
    grants: [grant('P1', { positions: 3 }), grant('P2', { positions: 2 })],
    positions,
    confirmations: [
      continuing('P1', 2, 'self-employed', 300),
      second(continuing('P1', 2, 'self-employed', 700)),
      second(continuing('P1', 3, 'self-employed', 800)),
    ],
    instalments: [
      instalment('P1', 1, 'PAID', { net: 200_000 }),
      instalment('P1', 1, 'PAID', { sk: 'INSTALMENT#P002#001', position: 2, net: 200_000 }),
      instalment('P1', 2, 'PAID', { sk: 'INSTALMENT#P002#002', position: 2, net: 200_000 }),
    ],
  });

  it('the evaluation counts started positions, each by its own model and years', () => {
    const figures = evaluationFigures(input);
    expect(figures.total.grants).toEqual({ salaried: 2, 'self-employed': 0 });
    // Three started (P1's 1 and 2, P2's 1); the lapsed and the waiting one never did.
    expect(figures.total.started).toEqual({ salaried: 2, 'self-employed': 1 });
    expect(figures.total.inPosition.map((y) => [y.salaried, y['self-employed']])).toEqual([
      [2, 1],
      [0, 2],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(figures.modelChanges.map((c) => [c.applicationId, c.position, c.year])).toEqual([
      ['P1', 2, 2],
    ]);
    expect(figures.total.listSizes.map((l) => [l.year, l.employmentModel, l.count])).toEqual([
      [2, 'self-employed', 2],
      [3, 'self-employed', 1],
    ]);
    // Each instalment is paid under its own position's model in its year.
    expect(figures.total.paid).toEqual({ salaried: 200_000, 'self-employed': 400_000 });
  });

  it('the dashboard gives a lapsed position back to the round', () => {
    const figures = dashboardFigures(input, NOW);
    expect(figures.rounds[1]!.positionsApproved).toBe(4);
    expect(figures.total.positionsApproved).toBe(4);
  });
});
