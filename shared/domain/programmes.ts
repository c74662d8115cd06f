// The two ALIS programmes: their schema and the seed of their settings and rounds. The table holds
// what the office runs (shared/store/programme-settings.ts writes this seed there the first time a
// programme is read, and never again), so the figures here are today's configuration, not the
// live one: the programme lead changes rounds from the admin page. The figures are the
// programmes' own, from their calls for applications and project descriptions; where those say
// nothing, the value is marked "OFFICE SETTING": the project office's own choice, not a published
// figure, and free to change.

import { addDaysToDate, type CalendarDate, startOfOsloDate } from './calendar.js';

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

/**
 * A round as the office sets it: its window in Oslo days and its own terms. Applications,
 * approvals and grants use the terms of their own round, so changing a later round changes
 * nothing already running.
 */
export interface RoundTerms {
  id: string;
  name: string;
  /** The first Oslo day applications are taken. */
  opensOn: CalendarDate;
  /** The last Oslo day applications are taken (included). */
  closesOn: CalendarDate;
  /** Set by "close now": the round took no applications from this instant on. */
  closedEarlyAt?: string;
  /** ALIS positions the round can approve in all. */
  positions: number;
  /**
   * Counties whose municipalities the round invites: a programme may open a round to part of its
   * area only, as ALIS-Vest's 2019 extension did.
   */
  counties: readonly string[];
  /** The most a reviewer may grant per position per year, in whole kroner. */
  maxYearlyAmount: number;
  /** The municipality's share (egenandel) per position per year, in whole kroner. */
  municipalShare: number;
  maxPositionsPerMunicipality: number;
}

export interface Round extends RoundTerms {
  /** Inclusive opening instant: the start of `opensOn` in Oslo. */
  opensAt: string;
  /** Exclusive closing instant: the end of `closesOn` in Oslo, or the early close. */
  closesAt: string;
}

export interface Programme {
  id: ProgrammeId;
  name: string;
  owner: string;
  /** Prefix of application ids, so that an id tells its programme at a glance. */
  idPrefix: string;
  counties: readonly string[];
  regions: readonly Region[];
  /** The rounds, in the order the office opened them. */
  rounds: readonly Round[];
  employmentModels: readonly EmploymentModel[];
  /**
   * The terms a new round gets unless the lead sets its own. Read through `programmeInRound`,
   * these three are the round's own terms wherever an application is concerned.
   */
  grantPerPositionPerYear: number;
  municipalSharePerPositionPerYear: number;
  maxPositionsPerMunicipality: number;
  grantYears: number;
  minSupervisionHoursPerMonth: number;
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
  /** Who answers for the personal data of the programme's cases, and how long they are kept. */
  privacy: PrivacySettings;
  /** What a decision letter (shared/domain/letters.ts) says of the law and of complaints. */
  letters: LetterSettings;
}

export interface PrivacySettings {
  /** The controller (behandlingsansvarlig): the programme owner, which decides the grants. */
  controller: string;
  /** Where requests for access, correction or erasure go. */
  contactEmail: string;
  /**
   * Whole years after a case is concluded (`isConcluded` in concluded.ts) before the daily run
   * replaces its personal data with a marker (shared/services/retention.ts). The reasoning for the
   * default is in docs/domain.md, "Personal data and retention".
   */
  retentionYears: number;
}

export interface LetterSettings {
  /** The legal basis a letter names: the programme's grant rules, in a sentence or two. */
  legalBasis: string;
  /**
   * Who decides a complaint the programme owner does not grant (forvaltningsloven § 28): the
   * owner municipality's own complaints board, and where the case goes.
   */
  klageinstans: { name: string; email: string };
}

const NORD_COUNTIES = ['Nordland', 'Troms', 'Finnmark'] as const;
const NORD_OWNER = 'Bodø kommune';
const VEST_OWNER = 'Bergen kommune';

/**
 * OFFICE SETTING: 5 years after a case is concluded, the span bokføringsloven § 13 keeps the
 * accounting documentation of a payment; the archive package is the lasting record (arkivlova),
 * so the running service needs the personal data no longer. See docs/domain.md.
 */
const RETENTION_YEARS = 5;
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

// The owners are the programmes' own: «Bodø kommune er prosjekteier» (ALIS-Nord) and «Bergen
// kommune har tatt ansvar for å lede prosjektet» with a grant from Helsedirektoratet (ALIS-Vest).
// OFFICE SETTING: the wording of each legal basis and each klageinstans with its address.
const NORD_LETTERS: LetterSettings = {
  legalBasis:
    'Vedtaket er gjort etter retningslinjene for tilskudd til utdanningsstillinger i ALIS-Nord, som Bodø kommune forvalter som prosjekteier med midler bevilget over statsbudsjettet, og etter vilkårene i søknadsrunden. Saksbehandlingen følger forvaltningsloven.',
  klageinstans: { name: 'Klagenemnda i Bodø kommune', email: 'klagenemnd@alis-nord.example.no' },
};

const VEST_LETTERS: LetterSettings = {
  legalBasis:
    'Vedtaket er gjort etter retningslinjene for tilskudd til utdanningsstillinger i ALIS-Vest, som Bergen kommune forvalter med tilskudd fra Helsedirektoratet, og etter vilkårene i søknadsrunden. Saksbehandlingen følger forvaltningsloven.',
  klageinstans: { name: 'Klagenemnda i Bergen kommune', email: 'klagenemnd@alis-vest.example.no' },
};

const NORD_TERMS = {
  maxYearlyAmount: 200_000,
  // ALIS-Nord's documents state no egenandel; configuration, so that the office can set it.
  municipalShare: 0,
  // OFFICE SETTING: not in the documents in hand.
  maxPositionsPerMunicipality: 2,
};

const VEST_TERMS = {
  // «inntil 200 000 kr»
  maxYearlyAmount: 200_000,
  municipalShare: 50_000,
  // OFFICE SETTING: the letter sets no cap.
  maxPositionsPerMunicipality: 2,
};

/**
 * The seed: today's configuration, which a fresh table starts from. What runs is read from the
 * table (shared/services/programme-settings.ts); code that only needs a programme's name, prefix
 * or timings may read it here.
 */
export const PROGRAMMES: Record<ProgrammeId, Programme> = {
  'alis-nord': {
    id: 'alis-nord',
    name: 'ALIS-Nord',
    owner: NORD_OWNER,
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
    rounds: withInstants([
      {
        id: 'alis-nord-2019',
        name: 'Søknadsrunde 2019',
        // OFFICE SETTING: the opening day is assumed; the 32 positions are the programme's own.
        opensOn: '2019-01-01',
        closesOn: '2019-04-01',
        positions: 32,
        counties: NORD_COUNTIES,
        ...NORD_TERMS,
      },
      {
        // OFFICE SETTING: the whole round (dates and positions), so that the system takes
        // applications today; no published call stands behind it.
        id: 'alis-nord-2027',
        name: 'Søknadsrunde 2027',
        opensOn: '2026-09-01',
        closesOn: '2027-04-30',
        positions: 20,
        counties: NORD_COUNTIES,
        ...NORD_TERMS,
      },
    ]),
    employmentModels: ['salaried', 'self-employed'],
    grantPerPositionPerYear: NORD_TERMS.maxYearlyAmount,
    municipalSharePerPositionPerYear: NORD_TERMS.municipalShare,
    maxPositionsPerMunicipality: NORD_TERMS.maxPositionsPerMunicipality,
    grantYears: 5,
    // OFFICE SETTING: no ALIS-Nord document in hand states the hours.
    minSupervisionHoursPerMonth: 3,
    people: {
      lead: 'leder@alis-nord.example.no',
      reviewers: ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'],
      finance: 'okonomi@alis-nord.example.no',
    },
    review: REVIEW_TIMING,
    payments: PAYMENT_TIMING,
    positions: POSITION_TIMING,
    privacy: {
      controller: NORD_OWNER,
      // OFFICE SETTING: an example address, as the staff register's.
      contactEmail: 'personvern@alis-nord.example.no',
      retentionYears: RETENTION_YEARS,
    },
    letters: NORD_LETTERS,
  },
  'alis-vest': {
    id: 'alis-vest',
    name: 'ALIS-Vest',
    owner: VEST_OWNER,
    idPrefix: 'AV',
    counties: VEST_COUNTIES,
    regions: [
      { id: 'helse-bergen', name: 'Helse Bergen', counties: ['Vestland'] },
      { id: 'helse-forde', name: 'Helse Førde', counties: ['Vestland'] },
      { id: 'helse-fonna', name: 'Helse Fonna', counties: ['Vestland', 'Rogaland'] },
      { id: 'helse-stavanger', name: 'Helse Stavanger', counties: ['Rogaland'] },
      { id: 'helse-more-og-romsdal', name: 'Helse Møre og Romsdal', counties: ['Møre og Romsdal'] },
    ],
    rounds: withInstants([
      {
        id: 'alis-vest-2019',
        name: 'Utvidelse 2019 (Rogaland og Møre og Romsdal)',
        opensOn: '2019-01-09',
        closesOn: '2019-02-15',
        positions: 15,
        // The extension brought the programme from Vestland to its two neighbours.
        counties: ['Rogaland', 'Møre og Romsdal'],
        ...VEST_TERMS,
      },
      {
        // OFFICE SETTING: as alis-nord-2027.
        id: 'alis-vest-2027',
        name: 'Søknadsrunde 2027',
        opensOn: '2026-09-01',
        closesOn: '2027-04-30',
        positions: 15,
        counties: VEST_COUNTIES,
        ...VEST_TERMS,
      },
    ]),
    employmentModels: ['salaried'],
    grantPerPositionPerYear: VEST_TERMS.maxYearlyAmount,
    municipalSharePerPositionPerYear: VEST_TERMS.municipalShare,
    maxPositionsPerMunicipality: VEST_TERMS.maxPositionsPerMunicipality,
    grantYears: 5,
    minSupervisionHoursPerMonth: 2,
    people: {
      lead: 'leder@alis-vest.example.no',
      reviewers: ['fagrad1@alis-vest.example.no', 'fagrad2@alis-vest.example.no'],
      finance: 'okonomi@alis-vest.example.no',
    },
    review: REVIEW_TIMING,
    payments: PAYMENT_TIMING,
    positions: POSITION_TIMING,
    privacy: {
      controller: VEST_OWNER,
      // OFFICE SETTING: as ALIS-Nord's.
      contactEmail: 'personvern@alis-vest.example.no',
      retentionYears: RETENTION_YEARS,
    },
    letters: VEST_LETTERS,
  },
};

export function isProgrammeId(value: unknown): value is ProgrammeId {
  return typeof value === 'string' && (PROGRAMME_IDS as readonly string[]).includes(value);
}

/** A round's window as instants: from the start of its first Oslo day to the end of its last. */
export function roundWithInstants(terms: RoundTerms): Round {
  const closesAtEnd = startOfOsloDate(addDaysToDate(terms.closesOn, 1)).getTime();
  const closedEarly =
    terms.closedEarlyAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(terms.closedEarlyAt);
  return {
    ...terms,
    opensAt: startOfOsloDate(terms.opensOn).toISOString(),
    closesAt: new Date(Math.min(closesAtEnd, closedEarly)).toISOString(),
  };
}

function withInstants(rounds: readonly RoundTerms[]): Round[] {
  return rounds.map(roundWithInstants);
}

export function isRoundOpen(round: Round, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(round.opensAt) <= t && t < Date.parse(round.closesAt);
}

export function openRound(programme: Programme, at: Date): Round | undefined {
  return programme.rounds.find((r) => isRoundOpen(r, at));
}

/**
 * The programme as an application in `round` sees it: the round's own amounts and cap in place of
 * the programme's defaults, so that every rule reading a programme (the form, validation, the
 * decision, the grant plan) applies the terms of the application's own round.
 */
export function programmeInRound(programme: Programme, round: RoundTerms): Programme {
  return {
    ...programme,
    grantPerPositionPerYear: round.maxYearlyAmount,
    municipalSharePerPositionPerYear: round.municipalShare,
    maxPositionsPerMunicipality: round.maxPositionsPerMunicipality,
  };
}

/** A round among the given programmes (the seed's unless told), with its programme. */
export function findRound(
  roundId: string,
  programmes: readonly Programme[] = Object.values(PROGRAMMES),
): { programme: Programme; round: Round } | undefined {
  for (const programme of programmes) {
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
