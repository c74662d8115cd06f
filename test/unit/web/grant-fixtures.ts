// Stored items of a grant, its year-2 confirmation and a finance notification, as the mocked
// services answer with them in the route, page and browser tests.

import type { ConfirmationContext } from '../../../shared/services/confirmations.js';
import type { PaymentContext, PaymentLine } from '../../../shared/services/payments.js';
import type { GrantItem, InstalmentItem } from '../../../shared/store/items.js';

export const APP_ID = 'AV-2026-ABCDEFGH';
export const NOTIFICATION_ID = 'AV-U-20280101-A1B2C3';

export function grantItem(overrides: Partial<GrantItem> = {}): GrantItem {
  return {
    pk: `APP#${APP_ID}`,
    sk: 'GRANT',
    applicationId: APP_ID,
    programme: 'alis-vest',
    roundId: 'alis-vest-2027',
    municipality: { number: '4630', name: 'Osterøy kommune', organisationNumber: '964338531' },
    contactEmail: 'kontakt@osteroy.kommune.no',
    positions: 1,
    employmentModel: 'salaried',
    yearlyAmountPerPosition: 200_000,
    egenandelPerPosition: 50_000,
    startDate: '2027-01-01',
    years: 4,
    status: 'ACTIVE',
    createdAt: '2026-12-05T10:00:00Z',
    ...overrides,
  };
}

export function instalmentItem(
  year: number,
  overrides: Partial<InstalmentItem> = {},
): InstalmentItem {
  return {
    pk: `APP#${APP_ID}`,
    sk: `INSTALMENT#00${year}`,
    applicationId: APP_ID,
    programme: 'alis-vest',
    position: 1,
    year,
    years: 4,
    dueDate: `${2026 + year}-01-01`,
    grant: 200_000,
    egenandel: 50_000,
    net: 150_000,
    status: 'SCHEDULED',
    updatedAt: '2026-12-05T10:00:00Z',
    ...overrides,
  };
}

export function confirmationContext(): ConfirmationContext {
  const context = {
    link: {
      pk: 'LINK#h',
      sk: 'LINK',
      purpose: 'confirmation',
      applicationId: APP_ID,
      round: 2,
      holder: 'kontakt@osteroy.kommune.no',
      expiresAt: '2028-03-30T22:00:00.000Z',
      expiresAtEpoch: 0,
    },
    confirmation: {
      pk: `APP#${APP_ID}`,
      sk: 'CONFIRMATION#002',
      applicationId: APP_ID,
      position: 1,
      year: 2,
      dueDate: '2028-01-01',
      taskToken: 'task-token-never-shown',
      status: 'OPEN',
      requestedAt: '2027-12-02T05:00:00Z',
      linkHash: 'h',
    },
    grant: grantItem(),
    instalment: instalmentItem(2, { status: 'AWAITING_CONFIRMATION' }),
  } satisfies Omit<ConfirmationContext, 'asked'>;
  return {
    ...context,
    asked: [{ confirmation: context.confirmation, instalment: context.instalment }],
  };
}

export function paymentLine(overrides: Partial<PaymentLine> = {}): PaymentLine {
  return {
    id: `${APP_ID}:2`,
    applicationId: APP_ID,
    municipalityName: 'Osterøy kommune',
    organisationNumber: '964338531',
    position: 1,
    year: 2,
    years: 4,
    dueDate: '2028-01-01',
    grant: 200_000,
    egenandel: 50_000,
    net: 150_000,
    status: 'NOTIFIED',
    ...overrides,
  };
}

export function paymentContext(lines: PaymentLine[] = defaultLines()): PaymentContext {
  return {
    link: {
      pk: 'LINK#p',
      sk: 'LINK',
      purpose: 'payment',
      applicationId: NOTIFICATION_ID,
      round: 0,
      holder: 'okonomi@alis-vest.example.no',
      expiresAt: '2029-02-01T00:00:00Z',
      expiresAtEpoch: 0,
    },
    notification: {
      pk: `NOTIFICATION#${NOTIFICATION_ID}`,
      sk: 'NOTIFICATION',
      notificationId: NOTIFICATION_ID,
      programme: 'alis-vest',
      createdAt: '2028-01-01T05:00:00Z',
      status: 'SENT',
      instalments: lines.map(({ id, status, paidOn, ...row }) => row),
      payments: 0,
      sentAt: '2028-01-01T05:00:01Z',
    },
    lines,
  };
}

export function defaultLines(): PaymentLine[] {
  return [
    paymentLine(),
    paymentLine({
      id: 'AV-2026-ZZZZZZZZ:1',
      applicationId: 'AV-2026-ZZZZZZZZ',
      municipalityName: 'Stord kommune',
      organisationNumber: '939866914',
      position: 1,
      year: 1,
      dueDate: '2027-12-01',
    }),
    paymentLine({
      id: 'AV-2026-YYYYYYYY:3',
      applicationId: 'AV-2026-YYYYYYYY',
      municipalityName: 'Voss herad',
      position: 1,
      year: 3,
      status: 'PAID',
      paidOn: '2027-12-20',
    }),
  ];
}
