// Every page the web handler renders, with sample data in each of its states (empty, with errors,
// with a grant, …), for tests that look at all of them at once: the stylesheet check
// (test/unit/web/stylesheet.test.ts).

import type {
  AdminRoundsSectionProps,
  RefusedRoundPost,
} from '../../shared/web/pages/staff-admin-rounds.js';
import type { InstalmentStatus } from '../../shared/domain/grant.js';
import {
  validateApplication,
  type Application,
  type FieldError,
} from '../../shared/domain/application.js';
import { compareCosts } from '../../shared/domain/cost-model.js';
import { latestRates, rateYears } from '../../shared/domain/cost-rates.js';
import { PROGRAMMES } from '../../shared/domain/programmes.js';
import type {
  DashboardFigures,
  DashboardSlice,
  EvaluationFigures,
  RegionEvaluation,
} from '../../shared/services/staff-figures.js';
import { applicationToFormValues, formToApplicationInput } from '../../shared/web/form/convert.js';
import {
  alreadyDecidedPage,
  amendmentReceivedPage,
  applicationFormPage,
  approvalRefusedPage,
  calculatorPage,
  confirmationPage,
  confirmationRecordedPage,
  decisionPage,
  decisionRecordedPage,
  landingPage,
  messagePage,
  paymentPage,
  paymentRecordedPage,
  positionStartPage,
  positionStartedPage,
  receiptPage,
  staffApplicationPage,
  staffApplicationsPage,
  peopleSection,
  staffAdminPage,
  staffDashboardPage,
  staffEvaluationPage,
  type PeopleSectionProps,
  staffLinkSentPage,
  staffLoginPage,
  staffSignInPage,
  statusPage,
  withdrawnPage,
  type StatusGrant,
} from '../../shared/web/pages/index.js';
import { privacyPage } from '../../shared/web/pages/privacy.js';
import { accessibilityStatementPage } from '../../shared/web/pages/accessibility-statement.js';
import { eraseApplication } from '../../shared/domain/erasure.js';
import nord from '../fixtures/application-alis-nord.json';
import { formValuesToSearchParams } from './form.js';

const nordProgramme = PROGRAMMES['alis-nord'];
const vestProgramme = PROGRAMMES['alis-vest'];
const round = nordProgramme.rounds.at(-1)!;

/** The rounds section of the lead's page: the seed's rounds, one with positions approved. */
function adminRounds(refused?: RefusedRoundPost): AdminRoundsSectionProps {
  return {
    csrfToken: FRAME.csrfToken,
    now: '2026-12-03T10:00:00.000Z',
    programmes: [
      {
        programme: nordProgramme,
        rounds: nordProgramme.rounds.map((r, i) => ({
          ...r,
          approvedPositions: i === 0 ? 30 : 4,
          history: [],
        })),
      },
    ],
    ...(refused && { refused }),
  };
}
const APP_ID = 'AN-2026-ABCDEFGH';
const FRAME = { email: 'leder@alis-nord.example.no', csrfToken: 'csrf-token-123' };

function people(): PeopleSectionProps {
  return {
    programme: 'alis-nord',
    csrfToken: FRAME.csrfToken,
    members: [
      { email: 'fagrad1@alis-nord.example.no', roles: ['reviewer'] },
      { email: 'leder@alis-nord.example.no', roles: ['lead', 'reviewer'] },
      { email: 'okonomi@alis-nord.example.no', roles: ['finance'] },
    ],
    changes: [
      {
        at: '2026-11-30T10:00:00Z',
        by: 'leder@alis-nord.example.no',
        email: 'fagrad2@alis-nord.example.no',
        before: ['reviewer'],
        after: [],
      },
    ],
  };
}

function application(): Application {
  const result = validateApplication(nord);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

/** The fixture asking for two positions: a new one, and a doctor 30 months in. */
function twoPositions(): Application {
  const positions = [
    { candidate: { kind: 'new-position' as const } },
    { candidate: { kind: 'employed-doctor' as const, monthsCompleted: 30 } },
  ];
  return { ...application(), positionsRequested: 2, positions };
}

/** The two positions' form as posted with position 2's months left out. */
function twoPositionsPosted() {
  return {
    ...applicationToFormValues(twoPositions()),
    'positions.1.candidate.monthsCompleted': '',
  };
}

function errorsOf(form: URLSearchParams): FieldError[] {
  const result = validateApplication(formToApplicationInput(form));
  return result.ok ? [] : result.errors;
}

const HISTORY = [
  { at: '2026-11-03T09:15:00Z', type: 'submitted', by: 'kari.nordmann@vadso.example.no' },
  { at: '2026-11-03T09:15:03Z', type: 'review-requested', by: 'system' },
  {
    at: '2026-11-10T05:00:00Z',
    type: 'changes-requested',
    by: 'fagrad1@alis-nord.example.no',
    comment: 'Beskriv bakvakten.',
  },
];

function grant(status: string, ended = false): StatusGrant {
  return {
    status,
    startDate: '2027-01-01',
    years: 5,
    positions: [{ position: 1, status: 'ACTIVE', startDate: '2027-01-01', years: 4 }],
    yearlyAmountPerPosition: 200_000,
    egenandelPerPosition: 50_000,
    ...(ended && { endedOn: '2028-06-30', endReason: 'ended' }),
    instalments: [1, 2, 3, 4, 5].map((year) => ({
      position: 1,
      year,
      dueDate: `${2026 + year}-01-01`,
      grant: 200_000,
      egenandel: 50_000,
      net: 150_000,
      status: (['PAID', 'NOTIFIED', 'READY', 'HELD', 'SCHEDULED'] as const)[year - 1]!,
      ...(year === 1 && { paidOn: '2027-01-15' }),
    })),
  };
}

function paymentLine(year: number, status: InstalmentStatus) {
  return {
    id: `${APP_ID}#${year}`,
    applicationId: APP_ID,
    municipalityName: 'Vadsø kommune',
    organisationNumber: '944117784',
    position: 1,
    year,
    years: 5,
    dueDate: '2028-01-01',
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    status,
    ...(status === 'PAID' && { paidOn: '2028-01-10' }),
  };
}

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
      { key: 'Finnmark', count: 2 },
      { key: null, count: 1 },
    ],
    byRegion: [{ key: 'finnmarkssykehuset', count: 3 }],
    byEmploymentModel: { salaried: 2, 'self-employed': 1 },
    positionsApproved: 2,
    capacity: 20,
    money: [{ year: 2027, paid: 150_000, notified: 200_000, held: 50_000, toCome: 600_000 }],
    moneyTotal: { paid: 150_000, notified: 200_000, held: 50_000, toCome: 600_000 },
    waitingReviews: [
      {
        applicationId: APP_ID,
        municipalityName: 'Vadsø kommune',
        roundId: round.id,
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
    rounds: [{ roundId: round.id, name: round.name, ...slice() }],
    total: slice({ capacity: 20 }),
  };
}

function region(name: string | null): RegionEvaluation {
  return {
    region: name,
    grants: { salaried: 2, 'self-employed': 1 },
    started: { salaried: 3, 'self-employed': 1 },
    inPosition: [1, 2, 3, 4, 5].map((year) => ({
      position: 1,
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
    regions: [region('finnmarkssykehuset'), region(null)],
    total: region(null),
    modelChanges: [
      {
        applicationId: APP_ID,
        municipalityName: 'Vadsø kommune',
        region: 'finnmarkssykehuset',
        position: 1,
        year: 3,
        from: 'salaried',
        to: 'self-employed',
      },
    ],
    endedGrants: [
      {
        applicationId: APP_ID,
        municipalityName: 'Vadsø kommune',
        region: 'finnmarkssykehuset',
        positions: 1,
        employmentModel: 'salaried',
        endedOn: '2029-03-31',
        endReason: 'unconfirmed',
      },
    ],
  };
}

/** Every page, by a name that says which state it shows. */
export function samplePages(): Record<string, string> {
  const app = application();
  const form = { programme: nordProgramme, round, action: '/applications', mode: 'new' as const };
  const decision = {
    applicationId: APP_ID,
    application: app,
    programmeName: nordProgramme.name,
    programme: nordProgramme,
    submittedAt: '2026-11-03T09:15:00Z',
    reviewer: 'fagrad1@alis-nord.example.no',
    expiresAt: '2026-12-03T09:15:00Z',
    action: '/decisions/token',
    errors: [],
    values: {},
  };
  const confirmation = {
    applicationId: APP_ID,
    programmeName: nordProgramme.name,
    municipalityName: 'Vadsø kommune',
    positions: 1,
    startDate: '2027-01-01',
    employmentModels: ['salaried', 'self-employed'] as const,
    instalment: {
      position: 1,
      year: 2,
      years: 5,
      dueDate: '2028-01-01',
      grant: 200_000,
      egenandel: 0,
      net: 200_000,
      status: 'SCHEDULED' as const,
    },
    expiresAt: '2027-12-31T22:59:59Z',
    action: '/confirmations/token',
    errors: [],
    values: {},
  };
  const positionStart = {
    applicationId: APP_ID,
    programmeName: nordProgramme.name,
    municipalityName: 'Vadsø kommune',
    position: 2,
    years: 5,
    decidedOn: '2026-12-03',
    lastDay: '2027-12-02T22:59:59.999Z',
    employmentModels: ['salaried', 'self-employed'] as const,
    action: '/positions/token',
    errors: [],
    values: {},
  };
  const payment = {
    notificationId: 'AN-U-20280101-A1B2C3',
    programmeName: nordProgramme.name,
    lines: [paymentLine(1, 'NOTIFIED'), paymentLine(2, 'PAID')],
    action: '/payments/token',
    errors: [],
    values: {},
  };
  const rates = latestRates();
  const staffApplications = {
    ...FRAME,
    programmes: [nordProgramme, vestProgramme],
    programme: nordProgramme,
    values: { round: '', status: '', county: '', model: '' },
    errors: [],
    rows: [
      {
        applicationId: APP_ID,
        municipalityName: 'Vadsø kommune',
        county: 'Finnmark',
        healthTrust: 'finnmarkssykehuset',
        employmentModel: 'salaried',
        positions: 1,
        status: 'IN_REVIEW',
        roundName: round.name,
        submittedAt: '2026-11-03T09:15:00Z',
      },
    ],
    nextQuery: 'programme=alis-nord&after=abc',
  };
  const staffApplication = {
    ...FRAME,
    programme: nordProgramme,
    applicationId: APP_ID,
    status: 'ACTIVE',
    submittedAt: '2026-11-03T09:15:00Z',
    version: 2,
    application: app,
    decisions: [
      {
        round: 1,
        decision: 'approve',
        by: 'fagrad1@alis-nord.example.no',
        at: '2026-11-20T10:00:00Z',
        comment: 'Godt begrunnet.',
        yearlyAmount: 200_000,
      },
    ],
    changeRequests: [
      {
        round: 1,
        requestedAt: '2026-11-10T05:00:00Z',
        deadline: '2026-12-10',
        comment: 'Beskriv bakvakten.',
        status: 'AMENDED',
      },
    ],
    history: HISTORY,
  };

  return {
    landing: landingPage({
      programmes: [
        {
          id: 'alis-nord',
          name: 'ALIS-Nord',
          owner: 'Bodø kommune',
          openRound: { name: round.name, closesAt: round.closesAt },
        },
        { id: 'alis-vest', name: 'ALIS-Vest', owner: 'Bergen kommune' },
      ],
    }),
    'form-empty': applicationFormPage({ ...form, values: {}, errors: [], idempotencyKey: 'k1' }),
    'form-vest': applicationFormPage({
      ...form,
      programme: vestProgramme,
      round: vestProgramme.rounds.at(-1)!,
      values: {},
      errors: [],
    }),
    'form-errors': applicationFormPage({
      ...form,
      values: { programme: 'alis-nord' },
      errors: errorsOf(new URLSearchParams({ programme: 'alis-nord' })),
    }),
    'form-two-positions-errors': applicationFormPage({
      ...form,
      values: twoPositionsPosted(),
      errors: errorsOf(formValuesToSearchParams(twoPositionsPosted())),
    }),
    'form-amend': applicationFormPage({
      ...form,
      action: '/amend/token',
      mode: 'amend',
      values: applicationToFormValues(app),
      errors: [],
      changeRequestComment: 'Beskriv bakvakten nærmere.',
    }),
    receipt: receiptPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Nord',
      statusUrl: '/status/abc',
    }),
    status: statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'CHANGES_REQUESTED',
      history: HISTORY,
      withdraw: { action: '/status/abc/withdraw', errors: [] },
    }),
    'status-withdraw-errors': statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'IN_REVIEW',
      history: HISTORY,
      withdraw: {
        action: '/status/abc/withdraw',
        errors: [{ path: 'confirm', code: 'required', message: 'Kryss av for å bekrefte.' }],
      },
    }),
    withdrawn: withdrawnPage({ applicationId: APP_ID, statusUrl: '/status/abc' }),
    'status-grant': statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'ACTIVE',
      history: HISTORY,
      grant: grant('ACTIVE'),
    }),
    'status-ended': statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'ENDED',
      history: [],
      grant: grant('ENDED', true),
    }),
    decision: decisionPage(decision),
    'decision-errors': decisionPage({
      ...decision,
      errors: [{ path: 'comment', code: 'required', message: 'Skriv en begrunnelse.' }],
      values: { decision: 'reject' },
    }),
    'decision-two-positions-errors': decisionPage({
      ...decision,
      application: twoPositions(),
      errors: [
        {
          path: 'positionsApproved',
          code: 'too-large',
          message: 'Kommunen søkte om 2 stillinger; flere kan ikke godkjennes.',
        },
      ],
      values: { decision: 'approve', positionsApproved: '3' },
    }),
    'decision-recorded': decisionRecordedPage({ applicationId: APP_ID, decision: 'approve' }),
    'already-decided': alreadyDecidedPage({
      applicationId: APP_ID,
      decidedBy: 'fagrad2@alis-nord.example.no',
      decision: 'approve',
      decidedAt: '2026-11-04T10:00:00Z',
    }),
    'approval-refused': approvalRefusedPage({
      applicationId: APP_ID,
      reason: 'Søknadsrunden har ikke nok ledige ALIS-stillinger igjen.',
      action: '/decisions/token',
    }),
    'amendment-received': amendmentReceivedPage({ applicationId: APP_ID }),
    message: messagePage({ title: 'Fant ikke siden', message: 'Lenken er ugyldig.' }),
    confirmation: confirmationPage(confirmation),
    'confirmation-two-positions': confirmationPage({
      ...confirmation,
      positions: 2,
      asked: [confirmation.instalment, { ...confirmation.instalment, position: 2 }],
      errors: [{ path: 'positions.1.endDate', code: 'required', message: 'Fyll inn sluttdatoen.' }],
      answers: [{}, { status: 'ended' }],
    }),
    'position-start': positionStartPage(positionStart),
    'position-start-errors': positionStartPage({
      ...positionStart,
      errors: [
        {
          path: 'startDate',
          code: 'before-decision',
          message: 'Startdatoen kan ikke være før vedtaket (2026-12-03).',
        },
        {
          path: 'listSize',
          code: 'required',
          message: 'Fyll inn listelengden som et helt antall pasienter.',
        },
      ],
      values: { startDate: '2026-11-30', employmentModel: 'salaried' },
    }),
    'position-started': positionStartedPage({
      applicationId: APP_ID,
      position: 2,
      startDate: '2027-03-01',
      years: 5,
    }),
    'confirmation-errors': confirmationPage({
      ...confirmation,
      errors: [
        { path: 'status', code: 'required', message: 'Velg et svar.' },
        { path: 'listSize', code: 'required', message: 'Skriv listelengden.' },
      ],
      values: { status: 'continuing' },
    }),
    'confirmation-recorded': confirmationRecordedPage({
      applicationId: APP_ID,
      year: 2,
      status: 'continuing',
    }),
    payment: paymentPage(payment),
    'payment-errors': paymentPage({
      ...payment,
      errors: [{ path: 'paidOn', code: 'required', message: 'Skriv utbetalingsdatoen.' }],
      values: { instalment: [`${APP_ID}#1`] },
    }),
    'payment-recorded': paymentRecordedPage({
      notificationId: 'AN-U-20280101-A1B2C3',
      paid: [paymentLine(1, 'PAID')],
    }),
    calculator: calculatorPage({ values: {}, errors: [], rateYears: rateYears() }),
    'calculator-result': calculatorPage({
      values: { listSize: '800', salary: '1200000', otherCosts: '200000', income: '300000' },
      errors: [],
      rateYears: rateYears(),
      comparison: compareCosts(800, rates, {
        salary: 1_200_000,
        otherCosts: 200_000,
        income: 300_000,
      }),
    }),
    'calculator-errors': calculatorPage({
      values: { listSize: 'mange' },
      errors: [{ path: 'listSize', code: 'not-whole', message: 'Skriv et helt tall.' }],
      rateYears: rateYears(),
    }),
    'staff-login': staffLoginPage({ email: '' }),
    'staff-login-error': staffLoginPage({ email: 'x', error: 'Skriv en e-postadresse.' }),
    'staff-link-sent': staffLinkSentPage(),
    'staff-sign-in': staffSignInPage({ action: '/staff/signin/token' }),
    'staff-dashboard': staffDashboardPage({ ...FRAME, programmes: [dashboard()] }),
    'staff-evaluation': staffEvaluationPage({ ...FRAME, programmes: [evaluation()] }),
    'staff-applications': staffApplicationsPage(staffApplications),
    'staff-applications-errors': staffApplicationsPage({
      ...staffApplications,
      values: { ...staffApplications.values, status: 'NOPE' },
      errors: [{ path: 'status', message: 'Velg en status fra listen.' }],
      rows: [],
    }),
    'staff-application': staffApplicationPage({
      ...staffApplication,
      grant: grant('ACTIVE'),
      documents: {
        documents: [
          {
            id: 'application-1',
            kind: 'application',
            title: 'Søknad om ALIS-tilskudd',
            date: '2026-11-03',
            url: `/staff/applications/${APP_ID}/documents/application-1`,
          },
        ],
      },
    }),
    'staff-application-concluded': staffApplicationPage({
      ...staffApplication,
      status: 'REJECTED',
      documents: {
        documents: [
          {
            id: 'application-1',
            kind: 'application',
            title: 'Søknad om ALIS-tilskudd',
            date: '2026-11-03',
            url: `/staff/applications/${APP_ID}/documents/application-1`,
          },
        ],
        archiveUrl: `/staff/applications/${APP_ID}/archive`,
      },
    }),
    // The lead's page with every action form offered at once, the complaint's two among them.
    'staff-application-actions': staffApplicationPage({
      ...staffApplication,
      grant: grant('ACTIVE'),
      actions: {
        withdraw: true,
        resumeReview: true,
        resumePayment: true,
        reviewers: ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'],
        changeContact: true,
        endPositions: [1],
        hold: [{ position: 1, year: 2 }],
        release: [{ position: 1, year: 3 }],
        complaint: true,
      },
    }),
    'staff-application-erased': staffApplicationPage({
      ...staffApplication,
      status: 'REJECTED',
      application: eraseApplication(staffApplication.application),
      retention: {
        concludedAt: '2026-11-20T09:00:00Z',
        eraseOn: '2031-11-20',
        status: 'ERASED',
        erasedAt: '2031-11-20T05:00:00Z',
      },
    }),
    privacy: privacyPage({
      programmes: Object.values(PROGRAMMES).map((p) => ({
        id: p.id,
        name: p.name,
        privacy: p.privacy,
      })),
    }),
    'accessibility-statement': accessibilityStatementPage({
      programmes: Object.values(PROGRAMMES).map((p) => ({
        id: p.id,
        name: p.name,
        owner: p.owner,
        contactEmail: p.people.lead,
      })),
    }),
    'staff-admin': staffAdminPage({
      ...FRAME,
      roles: { 'alis-nord': ['lead'] },
      programmes: [{ programme: 'alis-nord', sections: [peopleSection(people())] }],
      rounds: adminRounds(),
    }),
    'staff-admin-round-refused': staffAdminPage({
      ...FRAME,
      roles: { 'alis-nord': ['lead'] },
      programmes: [{ programme: 'alis-nord', sections: [peopleSection(people())] }],
      rounds: adminRounds({
        programme: 'alis-nord',
        roundId: round.id,
        values: { positions: '5' },
        errors: [
          {
            path: 'positions',
            code: 'below-approved',
            message: 'Antall stillinger kan bare økes.',
          },
        ],
      }),
    }),
    'staff-admin-errors': staffAdminPage({
      ...FRAME,
      roles: { 'alis-nord': ['lead'] },
      rounds: adminRounds(),
      programmes: [
        {
          programme: 'alis-nord',
          sections: [
            peopleSection({
              ...people(),
              values: { email: 'ikke en adresse', role: '' },
              errors: {
                email: 'Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.',
                role: 'Velg en rolle: prosjektleder, fagråd eller økonomi.',
              },
            }),
          ],
        },
      ],
      errors: [
        { message: 'Skriv en gyldig e-postadresse.', href: '#alis-nord-person-email' },
        { message: 'Velg en rolle.', href: '#alis-nord-person-role' },
      ],
    }),
  };
}
