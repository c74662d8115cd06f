// The two ALIS programmes as data: every figure a programme office may change lives here,
// nowhere else. The figures are the programmes' own, from their calls for applications and
// project descriptions; where those say nothing, the value is marked "OFFICE SETTING": the
// project office's own choice, not a published figure, and free to change.

export const PROGRAMME_IDS = ['alis-nord', 'alis-vest'] as const;
export type ProgrammeId = (typeof PROGRAMME_IDS)[number];

export const EMPLOYMENT_MODELS = ['salaried', 'self-employed'] as const;
export type EmploymentModel = (typeof EMPLOYMENT_MODELS)[number];

export interface Region {
  id: string;
  name: string;
  /** County names (as in the municipality register) the health trust serves. */
  counties: readonly string[];
}

export interface Round {
  id: string;
  name: string;
  /** Inclusive opening instant, ISO-8601 with the Oslo offset. */
  opensAt: string;
  /** Exclusive closing instant, ISO-8601 with the Oslo offset. */
  closesAt: string;
  /** ALIS positions the round can approve in all. */
  positions: number;
  /**
   * Counties whose municipalities the round invites: a programme may open a round to part of its
   * area only, as ALIS-Vest's 2019 extension did.
   */
  counties: readonly string[];
}

export interface Programme {
  id: ProgrammeId;
  name: string;
  owner: string;
  /** Prefix of application ids, so that an id tells its programme at a glance. */
  idPrefix: string;
  counties: readonly string[];
  regions: readonly Region[];
  rounds: readonly Round[];
  employmentModels: readonly EmploymentModel[];
  grantPerPositionPerYear: number;
  municipalSharePerPositionPerYear: number;
  grantYears: number;
  minSupervisionHoursPerMonth: number;
  maxPositionsPerMunicipality: number;
  people: { lead: string; reviewers: readonly string[]; finance: string };
  review: {
    /** Days after a review request before undecided reviewers get a reminder. */
    reminderAfterDays: number;
    /** Days after a review request before the programme lead is told. */
    escalationAfterDays: number;
    /** Days a decision link lives; an undecided review gets fresh links when it closes. */
    windowDays: number;
    /** Days a municipality has to answer a request for changes before it is withdrawn. */
    changesWindowDays: number;
    /**
     * Days the contact has to confirm the address (the link in the receipt) before the application
     * is withdrawn unseen by reviewers.
     */
    contactConfirmationDays: number;
  };
  payments: {
    /** Days before a year's due date that its payment workflow starts (year 1 starts at once). */
    workflowStartDaysBeforeDue: number;
    /** Days before the due date that an unconfirmed year is reminded. */
    confirmationReminderDaysBeforeDue: number;
    /** Days after the due date before a grant still unconfirmed ends. */
    endUnconfirmedDaysAfterDue: number;
    /** Days after a finance notification before finance is reminded to record the payment. */
    financeReminderAfterDays: number;
  };
  positions: {
    /** Months after the decision a new position has to report its ALIS started, or it lapses. */
    lapseAfterMonths: number;
    /** Months before the lapse that the municipality is reminded. */
    lapseReminderMonthsBefore: number;
  };
}

const NORD_COUNTIES = ['Nordland', 'Troms', 'Finnmark'] as const;
const VEST_COUNTIES = ['Vestland', 'Rogaland', 'Møre og Romsdal'] as const;

// OFFICE SETTING: every timing below (no published source).
const REVIEW_TIMING = {
  reminderAfterDays: 7,
  escalationAfterDays: 14,
  windowDays: 30,
  changesWindowDays: 30,
  contactConfirmationDays: 7,
};

const PAYMENT_TIMING = {
  workflowStartDaysBeforeDue: 30,
  confirmationReminderDaysBeforeDue: 14,
  endUnconfirmedDaysAfterDue: 90,
  financeReminderAfterDays: 14,
};

// OFFICE SETTING: the programme office's choice (the issue that asked for it named 12 months).
const POSITION_TIMING = {
  lapseAfterMonths: 12,
  lapseReminderMonthsBefore: 1,
};

export const PROGRAMMES: Record<ProgrammeId, Programme> = {
  'alis-nord': {
    id: 'alis-nord',
    name: 'ALIS-Nord',
    owner: 'Bodø kommune',
    idPrefix: 'AN',
    counties: NORD_COUNTIES,
    regions: [
      { id: 'finnmarkssykehuset', name: 'Finnmarkssykehuset', counties: ['Finnmark'] },
      {
        id: 'unn',
        name: 'Universitetssykehuset Nord-Norge (UNN)',
        counties: ['Troms', 'Nordland'],
      },
      { id: 'nordlandssykehuset', name: 'Nordlandssykehuset', counties: ['Nordland'] },
      { id: 'helgelandssykehuset', name: 'Helgelandssykehuset', counties: ['Nordland'] },
    ],
    rounds: [
      {
        id: 'alis-nord-2019',
        name: 'Søknadsrunde 2019',
        // OFFICE SETTING: the opening day is assumed; the 32 positions are the programme's own.
        opensAt: '2019-01-01T00:00:00+01:00',
        closesAt: '2019-04-02T00:00:00+02:00',
        positions: 32,
        counties: NORD_COUNTIES,
      },
      {
        // OFFICE SETTING: the whole round (dates and positions), so that the system takes
        // applications today; no published call stands behind it.
        id: 'alis-nord-2027',
        name: 'Søknadsrunde 2027',
        opensAt: '2026-09-01T00:00:00+02:00',
        closesAt: '2027-05-01T00:00:00+02:00',
        positions: 20,
        counties: NORD_COUNTIES,
      },
    ],
    employmentModels: ['salaried', 'self-employed'],
    grantPerPositionPerYear: 200_000,
    // ALIS-Nord's documents state no egenandel; configuration, so that the office can set it.
    municipalSharePerPositionPerYear: 0,
    grantYears: 5,
    // OFFICE SETTING: no ALIS-Nord document in hand states the hours.
    minSupervisionHoursPerMonth: 3,
    // OFFICE SETTING: not in the documents in hand.
    maxPositionsPerMunicipality: 2,
    people: {
      lead: 'leder@alis-nord.example.no',
      reviewers: ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'],
      finance: 'okonomi@alis-nord.example.no',
    },
    review: REVIEW_TIMING,
    payments: PAYMENT_TIMING,
    positions: POSITION_TIMING,
  },
  'alis-vest': {
    id: 'alis-vest',
    name: 'ALIS-Vest',
    owner: 'Bergen kommune',
    idPrefix: 'AV',
    counties: VEST_COUNTIES,
    regions: [
      { id: 'helse-bergen', name: 'Helse Bergen', counties: ['Vestland'] },
      { id: 'helse-forde', name: 'Helse Førde', counties: ['Vestland'] },
      { id: 'helse-fonna', name: 'Helse Fonna', counties: ['Vestland', 'Rogaland'] },
      { id: 'helse-stavanger', name: 'Helse Stavanger', counties: ['Rogaland'] },
      { id: 'helse-more-og-romsdal', name: 'Helse Møre og Romsdal', counties: ['Møre og Romsdal'] },
    ],
    rounds: [
      {
        id: 'alis-vest-2019',
        name: 'Utvidelse 2019 (Rogaland og Møre og Romsdal)',
        opensAt: '2019-01-09T00:00:00+01:00',
        closesAt: '2019-02-16T00:00:00+01:00',
        positions: 15,
        // The extension brought the programme from Vestland to its two neighbours.
        counties: ['Rogaland', 'Møre og Romsdal'],
      },
      {
        // OFFICE SETTING: as alis-nord-2027.
        id: 'alis-vest-2027',
        name: 'Søknadsrunde 2027',
        opensAt: '2026-09-01T00:00:00+02:00',
        closesAt: '2027-05-01T00:00:00+02:00',
        positions: 15,
        counties: VEST_COUNTIES,
      },
    ],
    employmentModels: ['salaried'],
    grantPerPositionPerYear: 200_000,
    municipalSharePerPositionPerYear: 50_000,
    grantYears: 5,
    minSupervisionHoursPerMonth: 2,
    // OFFICE SETTING: the letter sets no cap.
    maxPositionsPerMunicipality: 2,
    people: {
      lead: 'leder@alis-vest.example.no',
      reviewers: ['fagrad1@alis-vest.example.no', 'fagrad2@alis-vest.example.no'],
      finance: 'okonomi@alis-vest.example.no',
    },
    review: REVIEW_TIMING,
    payments: PAYMENT_TIMING,
    positions: POSITION_TIMING,
  },
};

export function isProgrammeId(value: unknown): value is ProgrammeId {
  return typeof value === 'string' && (PROGRAMME_IDS as readonly string[]).includes(value);
}

export function openRound(programme: Programme, at: Date): Round | undefined {
  const t = at.getTime();
  return programme.rounds.find((r) => Date.parse(r.opensAt) <= t && t < Date.parse(r.closesAt));
}

export function findRound(roundId: string): { programme: Programme; round: Round } | undefined {
  for (const programme of Object.values(PROGRAMMES)) {
    const round = programme.rounds.find((r) => r.id === roundId);
    if (round) return { programme, round };
  }
  return undefined;
}

export const EMPLOYMENT_MODEL_LABELS: Record<EmploymentModel, string> = {
  salaried: 'Kommunal hjemmel (fastlønn)',
  'self-employed': 'Privat hjemmel (næringsdrift)',
};

/**
 * New applications one municipality may submit per Oslo calendar day, across programmes. Each
 * sends e-mail to its contact and to every reviewer, so this bounds what a flood can make the
 * service send, while a flood locks the municipality out until midnight at most.
 */
export const MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY = 3;

/**
 * Receipts one address that has never confirmed may be sent per Oslo calendar day, across
 * programmes: whoever types a stranger's address into the form can make the service mail that
 * stranger this often, and no more.
 */
export const MAX_RECEIPTS_PER_UNCONFIRMED_ADDRESS_PER_DAY = 3;
