// The programme office's figures, computed from one programme's records (programme-records.ts):
// the dashboard's state of each round and the evaluation's comparison of salaried and
// self-employed positions. Pure: no I/O, no clock but the `now` passed in. The figures carry
// codes (statuses, county names, region ids, employment models), never labels; pages label them.

import { osloDaysBetween } from '../domain/calendar.js';
import type { InstalmentStatus } from '../domain/grant.js';
import { findMunicipality } from '../domain/identifiers.js';
import {
  EMPLOYMENT_MODELS,
  type EmploymentModel,
  PROGRAMMES,
  type Programme,
  type ProgrammeId,
} from '../domain/programmes.js';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/review.js';
import type {
  ConfirmationItem,
  GrantEndReason,
  GrantItem,
  InstalmentItem,
  PositionItem,
  ReviewRoundItem,
} from '../store/items.js';
import type { ProgrammeRecords } from './programme-records.js';

/** A count under a key; `key` is null for records the register or configuration does not know. */
export interface KeyCount {
  key: string | null;
  count: number;
}

export type ModelCounts = Record<EmploymentModel, number>;

// --- The dashboard ------------------------------------------------------------------------------

/** Net kroner (what the municipalities are paid) of instalments due in one Oslo calendar year. */
export interface MoneyAmounts {
  /** PAID */
  paid: number;
  /** NOTIFIED or READY: finance has been or is about to be asked to pay. */
  notified: number;
  /** HELD: due, but the year's confirmation has not come. */
  held: number;
  /** SCHEDULED or AWAITING_CONFIRMATION. */
  toCome: number;
}

export interface MoneyYear extends MoneyAmounts {
  year: number;
}

export interface WaitingReview {
  applicationId: string;
  municipalityName: string;
  roundId: string;
  /** The review round's number within the application. */
  reviewRound: number;
  requestedAt: string;
  /** Whole Oslo calendar days since the review was requested. */
  days: number;
}

export interface DashboardSlice {
  applications: number;
  /** Every status, zero where none. */
  byStatus: Record<ApplicationStatus, number>;
  /** The programme's counties in its order, then others seen, then null for an unknown number. */
  byCounty: KeyCount[];
  /** Region (health trust) ids as the application names them, the programme's first. */
  byRegion: KeyCount[];
  byEmploymentModel: ModelCounts;
  /**
   * Positions of approved applications (APPROVED and every status after it), as approved, less
   * those that lapsed unfilled: what the round's capacity counter holds (an approval takes them in
   * services/reviews.ts `decide`, a lapse gives its one back), which keeps them when a position
   * later ends. Grants alone would miss approvals whose grant the workflow has not yet written.
   */
  positionsApproved: number;
  /** The round's `positions`; for the total, the sum over the rounds. */
  capacity: number;
  /** Calendar years of the instalments' due dates, ascending; cancelled instalments left out. */
  money: MoneyYear[];
  moneyTotal: MoneyAmounts;
  /** Review rounds still OPEN, oldest first. */
  waitingReviews: WaitingReview[];
}

export interface RoundDashboard extends DashboardSlice {
  roundId: string;
  /** The round's name, or its id for a round the configuration no longer has. */
  name: string;
}

export interface DashboardFigures {
  programme: ProgrammeId;
  /** When the figures were computed, ISO-8601. */
  asOf: string;
  /** The programme's rounds in its order, then any other round the records name. */
  rounds: RoundDashboard[];
  total: DashboardSlice;
}

/** Statuses from approval on: the application's positions were taken from the round. */
const APPROVED_STATUSES: readonly ApplicationStatus[] = [
  'APPROVED',
  'ACTIVE',
  'COMPLETED',
  'ENDED',
];

const MONEY_BUCKET: Record<InstalmentStatus, keyof MoneyAmounts | undefined> = {
  PAID: 'paid',
  NOTIFIED: 'notified',
  READY: 'notified',
  HELD: 'held',
  SCHEDULED: 'toCome',
  AWAITING_CONFIRMATION: 'toCome',
  CANCELLED: undefined,
};

/** `programme` is the programme as it runs (its rounds from the table); the seed's by default. */
export function dashboardFigures(
  records: ProgrammeRecords,
  now: Date,
  programme: Programme = PROGRAMMES[records.programme],
): DashboardFigures {
  const roundOf = roundsByApplication(records);
  // Read once for every slice: each round's and the total's waiting reviews name them.
  const known: Known = {
    roundOf,
    names: new Map(
      records.applications.map((app) => [app.applicationId, app.application.municipality.name]),
    ),
  };
  const configured = programme.rounds.map((r) => r.id);
  const roundIds = [...configured, ...unknownKeys(roundOf.values(), configured)];

  const rounds = roundIds.map((roundId): RoundDashboard => {
    const round = programme.rounds.find((r) => r.id === roundId);
    const ofRound = (applicationId: string) => roundOf.get(applicationId) === roundId;
    return {
      roundId,
      name: round?.name ?? roundId,
      ...slice(records, known, now, round?.positions ?? 0, (item) => ofRound(item.applicationId)),
    };
  });
  const capacity = programme.rounds.reduce((sum, r) => sum + r.positions, 0);
  return {
    programme: records.programme,
    asOf: now.toISOString(),
    rounds,
    total: slice(records, known, now, capacity, () => true),
  };
}

/** The round of each application id, from the application or else its grant. */
function roundsByApplication(records: ProgrammeRecords): Map<string, string> {
  const rounds = new Map<string, string>();
  for (const grant of records.grants) rounds.set(grant.applicationId, grant.roundId);
  for (const app of records.applications) rounds.set(app.applicationId, app.roundId);
  return rounds;
}

/** What every slice of one dashboard looks applications up in. */
interface Known {
  roundOf: Map<string, string>;
  names: Map<string, string>;
}

function slice(
  records: ProgrammeRecords,
  { roundOf, names }: Known,
  now: Date,
  capacity: number,
  includes: (item: { applicationId: string }) => boolean,
): DashboardSlice {
  const programme = PROGRAMMES[records.programme];
  const applications = records.applications.filter(includes);

  const byStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<
    ApplicationStatus,
    number
  >;
  const byEmploymentModel = zeroModels();
  let positionsApproved = 0;
  for (const app of applications) {
    byStatus[app.status] = (byStatus[app.status] ?? 0) + 1;
    const model = app.application.employmentModel;
    byEmploymentModel[model] = (byEmploymentModel[model] ?? 0) + 1;
    if (APPROVED_STATUSES.includes(app.status)) {
      positionsApproved += app.positionsApproved ?? app.application.positionsRequested;
    }
  }
  positionsApproved -= records.positions.filter((p) => p.status === 'LAPSED' && includes(p)).length;

  const byCounty = countBy(
    applications.map((app) => findMunicipality(app.municipalityNumber)?.county ?? null),
    programme.counties,
  );
  const byRegion = countBy(
    applications.map((app) => app.application.municipality.region || null),
    programme.regions.map((r) => r.id),
  );

  const { money, moneyTotal } = moneyByYear(records.instalments.filter(includes));
  const waitingReviews = records.reviewRounds
    .filter((r) => r.status === 'OPEN' && includes(r))
    .sort(byRequestedAt)
    .map(
      (r): WaitingReview => ({
        applicationId: r.applicationId,
        municipalityName: names.get(r.applicationId) ?? '',
        roundId: roundOf.get(r.applicationId) ?? '',
        reviewRound: r.round,
        requestedAt: r.requestedAt,
        days: Math.max(0, osloDaysBetween(new Date(r.requestedAt), now)),
      }),
    );

  return {
    applications: applications.length,
    byStatus,
    byCounty,
    byRegion,
    byEmploymentModel,
    positionsApproved,
    capacity,
    money,
    moneyTotal,
    waitingReviews,
  };
}

function byRequestedAt(a: ReviewRoundItem, b: ReviewRoundItem): number {
  const at = Date.parse(a.requestedAt) - Date.parse(b.requestedAt);
  return at !== 0 ? at : a.applicationId.localeCompare(b.applicationId);
}

function moneyByYear(instalments: readonly InstalmentItem[]): {
  money: MoneyYear[];
  moneyTotal: MoneyAmounts;
} {
  const years = new Map<number, MoneyYear>();
  const moneyTotal = zeroMoney();
  for (const instalment of instalments) {
    const bucket = MONEY_BUCKET[instalment.status];
    if (!bucket) continue;
    // A due date is already an Oslo calendar date (YYYY-MM-DD): its year is its first part.
    const year = Number(instalment.dueDate.slice(0, 4));
    const row = years.get(year) ?? { year, ...zeroMoney() };
    row[bucket] += instalment.net;
    moneyTotal[bucket] += instalment.net;
    years.set(year, row);
  }
  return { money: [...years.values()].sort((a, b) => a.year - b.year), moneyTotal };
}

function zeroMoney(): MoneyAmounts {
  return { paid: 0, notified: 0, held: 0, toCome: 0 };
}

// --- The evaluation -----------------------------------------------------------------------------

/** Positions in post in one grant year, by the employment model they were under that year. */
export interface YearModelCounts extends ModelCounts {
  year: number;
}

export interface ListSizeFigures {
  year: number;
  employmentModel: EmploymentModel;
  /** Confirmations that reported a list size. */
  count: number;
  mean: number;
  min: number;
  max: number;
}

export interface RegionEvaluation {
  /** The region (health trust) id the application named; null for the whole programme. */
  region: string | null;
  /** Grants, by the employment model the application named. */
  grants: ModelCounts;
  /**
   * Positions started, by the model each started under. A position still awaiting its doctor, or
   * lapsed, never started; a grant written before positions had plans counts its positions.
   */
  started: ModelCounts;
  /**
   * A position's years 1 to the programme's length, by the model in that year: year 1 counts once
   * it started, a later year when its confirmation said continuing.
   */
  inPosition: YearModelCounts[];
  /** Only year/model pairs with at least one report, by year then model. */
  listSizes: ListSizeFigures[];
  /** Net kroner of PAID instalments, by the model of the position in the instalment's year. */
  paid: ModelCounts;
}

export interface ModelChange {
  applicationId: string;
  municipalityName: string;
  region: string | null;
  /** The grant's position that changed. */
  position: number;
  /** The position's year whose confirmation reported the new model. */
  year: number;
  from: EmploymentModel;
  to: EmploymentModel;
}

export interface EndedGrant {
  applicationId: string;
  municipalityName: string;
  region: string | null;
  positions: number;
  /** The model of the position when it ended. */
  employmentModel: EmploymentModel;
  endedOn: string;
  endReason: GrantEndReason | null;
}

export interface EvaluationFigures {
  programme: ProgrammeId;
  /** The programme's grant length: the years `inPosition` runs over. */
  years: number;
  /** The programme's regions in its order, then any other region the applications name. */
  regions: RegionEvaluation[];
  total: RegionEvaluation;
  /** By application id, then position, then year. */
  modelChanges: ModelChange[];
  /** By end date, then application id. */
  endedGrants: EndedGrant[];
}

/** One started position's life as the evaluation reads it. */
interface PositionHistory {
  grant: GrantItem;
  position: number;
  /** How many positions it stands for: 1, or a grant's count for one written before positions. */
  weight: number;
  region: string | null;
  /** The model of each of its years in post (index 0 is year 1), up to the first gap. */
  yearsInPost: EmploymentModel[];
  changes: { year: number; from: EmploymentModel; to: EmploymentModel }[];
  listSizes: { year: number; employmentModel: EmploymentModel; listSize: number }[];
  /** The model in each of its years as far as known: the latest confirmed model up to that year. */
  modelInYear: (year: number) => EmploymentModel;
}

/** `<application>#<position>`: a position's records; an item from before positions is 1's. */
function positionKey(item: { applicationId: string; position?: number }): string {
  return `${item.applicationId}#${item.position ?? 1}`;
}

export function evaluationFigures(records: ProgrammeRecords): EvaluationFigures {
  const programme = PROGRAMMES[records.programme];
  const regionOf = new Map(
    records.applications.map((app) => [
      app.applicationId,
      app.application.municipality.region || null,
    ]),
  );
  const confirmations = groupBy(records.confirmations, positionKey);
  const positionsOfGrant = groupBy(records.positions, (p) => p.applicationId);
  const histories = records.grants.flatMap((grant) =>
    startedPositions(grant, positionsOfGrant.get(grant.applicationId) ?? []).map((p) =>
      history(
        grant,
        p,
        regionOf.get(grant.applicationId) ?? null,
        confirmations.get(positionKey({ applicationId: grant.applicationId, ...p })) ?? [],
      ),
    ),
  );
  const instalments = groupBy(records.instalments, positionKey);

  const configured = programme.regions.map((r) => r.id);
  const seen = [...records.grants.map((g) => regionOf.get(g.applicationId) ?? null)];
  const regionIds: (string | null)[] = [
    ...configured,
    ...unknownKeys(
      seen.filter((r): r is string => r !== null),
      configured,
    ),
    ...(seen.includes(null) ? [null] : []),
  ];
  const evaluate = (region: string | null, all: boolean) =>
    regionEvaluation(
      region,
      records.grants.filter((g) => all || (regionOf.get(g.applicationId) ?? null) === region),
      histories.filter((h) => all || h.region === region),
      instalments,
      programme.grantYears,
    );

  return {
    programme: records.programme,
    years: programme.grantYears,
    regions: regionIds.map((region) => evaluate(region, false)),
    total: evaluate(null, true),
    modelChanges: histories
      .flatMap((h) =>
        h.changes.map(
          (change): ModelChange => ({
            applicationId: h.grant.applicationId,
            municipalityName: h.grant.municipality.name,
            region: h.region,
            position: h.position,
            ...change,
          }),
        ),
      )
      .sort(
        (a, b) =>
          a.applicationId.localeCompare(b.applicationId) ||
          a.position - b.position ||
          a.year - b.year,
      ),
    endedGrants: records.grants
      .filter((g) => g.status === 'ENDED')
      .map((grant): EndedGrant => {
        const region = regionOf.get(grant.applicationId) ?? null;
        const own = histories.filter((h) => h.grant === grant);
        return {
          applicationId: grant.applicationId,
          municipalityName: grant.municipality.name,
          region,
          positions: grant.positions,
          employmentModel: own.at(-1)?.yearsInPost.at(-1) ?? grant.employmentModel,
          endedOn: grant.endedOn ?? '',
          endReason: grant.endReason ?? null,
        };
      })
      .sort(
        (a, b) =>
          a.endedOn.localeCompare(b.endedOn) || a.applicationId.localeCompare(b.applicationId),
      ),
  };
}

/**
 * The positions of a grant that started, with the model each started under: its position items
 * that have a start date, or, for a grant written before positions had plans, one position 1 that
 * stands for all its positions (their one plan paid them together).
 */
function startedPositions(
  grant: GrantItem,
  items: readonly PositionItem[],
): { position: number; weight: number; years: number; employmentModel: EmploymentModel }[] {
  if (items.length === 0) {
    return [
      {
        position: 1,
        weight: grant.positions,
        years: grant.years,
        employmentModel: grant.employmentModel,
      },
    ];
  }
  return items
    .filter((p) => p.startDate !== undefined)
    .sort((a, b) => a.position - b.position)
    .map((p) => ({
      position: p.position,
      weight: 1,
      years: p.years,
      // Started at the approval (no start reported): the application's model, as the grant's.
      employmentModel:
        p.startedAs ?? (p.startedAt ? p.employmentModel : undefined) ?? grant.employmentModel,
    }));
}

function history(
  grant: GrantItem,
  started: { position: number; weight: number; years: number; employmentModel: EmploymentModel },
  region: string | null,
  confirmations: readonly ConfirmationItem[],
): PositionHistory {
  const continuing = new Map<number, { employmentModel: EmploymentModel; listSize: number }>();
  for (const c of confirmations) {
    if (c.answer?.status === 'continuing') continuing.set(c.year, c.answer);
  }
  // Year 1 has no confirmation: the position's start says its doctor is in post.
  const yearsInPost: EmploymentModel[] = [started.employmentModel];
  const changes: PositionHistory['changes'] = [];
  const listSizes: PositionHistory['listSizes'] = [];
  for (let year = 2; year <= started.years; year++) {
    const answer = continuing.get(year);
    if (!answer) break;
    const from = yearsInPost.at(-1)!;
    if (answer.employmentModel !== from) changes.push({ year, from, to: answer.employmentModel });
    yearsInPost.push(answer.employmentModel);
    listSizes.push({ year, employmentModel: answer.employmentModel, listSize: answer.listSize });
  }
  return {
    grant,
    position: started.position,
    weight: started.weight,
    region,
    yearsInPost,
    changes,
    listSizes,
    modelInYear: (year) => yearsInPost[Math.min(year, yearsInPost.length) - 1]!,
  };
}

function regionEvaluation(
  region: string | null,
  grantsOfRegion: readonly GrantItem[],
  histories: readonly PositionHistory[],
  instalments: ReadonlyMap<string, InstalmentItem[]>,
  years: number,
): RegionEvaluation {
  const grants = zeroModels();
  const started = zeroModels();
  const inPosition = Array.from({ length: years }, (_, i) => ({ year: i + 1, ...zeroModels() }));
  const paid = zeroModels();
  const reported = new Map<string, number[]>();
  for (const grant of grantsOfRegion) grants[grant.employmentModel] += 1;
  for (const h of histories) {
    started[h.yearsInPost[0]!] += h.weight;
    h.yearsInPost.forEach((m, i) => {
      const row = inPosition[i];
      if (row) row[m] += h.weight;
    });
    for (const r of h.listSizes) {
      const key = `${r.year}#${r.employmentModel}`;
      reported.set(key, [...(reported.get(key) ?? []), r.listSize]);
    }
    const key = positionKey({ applicationId: h.grant.applicationId, position: h.position });
    for (const instalment of instalments.get(key) ?? []) {
      if (instalment.status === 'PAID') paid[h.modelInYear(instalment.year)] += instalment.net;
    }
  }
  const listSizes: ListSizeFigures[] = [];
  for (let year = 1; year <= years; year++) {
    for (const employmentModel of EMPLOYMENT_MODELS) {
      const sizes = reported.get(`${year}#${employmentModel}`);
      if (!sizes) continue;
      listSizes.push({
        year,
        employmentModel,
        count: sizes.length,
        mean: sizes.reduce((sum, s) => sum + s, 0) / sizes.length,
        min: Math.min(...sizes),
        max: Math.max(...sizes),
      });
    }
  }
  return { region, grants, started, inPosition, listSizes, paid };
}

// --- Shared -------------------------------------------------------------------------------------

function zeroModels(): ModelCounts {
  return Object.fromEntries(EMPLOYMENT_MODELS.map((m) => [m, 0])) as ModelCounts;
}

/** Counts keys in the order given, then other keys seen (sorted), then null if any was unknown. */
function countBy(values: readonly (string | null)[], order: readonly string[]): KeyCount[] {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const known = values.filter((v): v is string => v !== null);
  const keys: (string | null)[] = [
    ...new Set(order),
    ...unknownKeys(known, order),
    ...(counts.has(null) ? [null] : []),
  ];
  return keys.map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

function unknownKeys(values: Iterable<string>, known: readonly string[]): string[] {
  return [...new Set(values)].filter((v) => !known.includes(v)).sort();
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
