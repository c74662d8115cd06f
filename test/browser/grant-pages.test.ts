// The pages of a grant's years, rendered with sample data and the real stylesheet, checked by axe
// in Chromium against WCAG 2.1 A and AA: the confirmation page (fresh and with errors), the payment
// page (fresh and with errors), a new position's start page (fresh and with errors), their answers,
// and the status page of an approved application (with the decline form, fresh and with errors).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmationPage,
  confirmationRecordedPage,
  paymentPage,
  paymentRecordedPage,
  positionStartPage,
  positionStartedPage,
  statusPage,
  type StatusPageProps,
} from '../../shared/web/pages/index.js';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
  servePages,
  type PageServer,
} from '../support/browser.js';
import { APP_ID, NOTIFICATION_ID, defaultLines, paymentLine } from '../unit/web/grant-fixtures.js';

function samplePages(): Record<string, string> {
  const confirmation = {
    applicationId: APP_ID,
    programmeName: 'ALIS-Vest',
    municipalityName: 'Osterøy kommune',
    positions: 1,
    startDate: '2027-01-01',
    employmentModels: ['salaried', 'self-employed'] as const,
    instalment: {
      position: 1,
      year: 2,
      years: 4,
      dueDate: '2028-01-01',
      grant: 200_000,
      egenandel: 50_000,
      net: 150_000,
      status: 'AWAITING_CONFIRMATION' as const,
    },
    expiresAt: '2028-03-30T22:00:00.000Z',
    action: '/confirmations/token',
    errors: [],
    values: { employmentModel: 'salaried' },
  };
  const payment = {
    notificationId: NOTIFICATION_ID,
    programmeName: 'ALIS-Vest',
    lines: defaultLines(),
    action: '/payments/token',
    errors: [],
    values: {},
  };
  const positionStart = {
    applicationId: APP_ID,
    programmeName: 'ALIS-Vest',
    municipalityName: 'Osterøy kommune',
    position: 2,
    years: 5,
    decidedOn: '2026-12-03',
    lastDay: '2027-12-02T22:59:59.999Z',
    employmentModels: ['salaried'] as const,
    action: '/positions/token',
    errors: [],
    values: {},
  };
  return {
    'confirmation-two-positions': confirmationPage({
      ...confirmation,
      positions: 2,
      asked: [
        { ...confirmation.instalment },
        { ...confirmation.instalment, position: 2, years: 5 },
      ],
      answers: [{ employmentModel: 'salaried' }, {}],
    }),
    'confirmation-two-positions-errors': confirmationPage({
      ...confirmation,
      positions: 2,
      asked: [
        { ...confirmation.instalment },
        { ...confirmation.instalment, position: 2, years: 5 },
      ],
      answers: [{ status: 'continuing', listSize: '650' }, { status: 'ended' }],
      errors: [
        {
          path: 'positions.0.employmentModel',
          code: 'required',
          message: 'Velg tilknytningsform.',
        },
        { path: 'positions.1.endDate', code: 'required', message: 'Fyll inn sluttdatoen.' },
      ],
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
    confirmation: confirmationPage(confirmation),
    'confirmation-errors': confirmationPage({
      ...confirmation,
      errors: [
        { path: 'listSize', code: 'required', message: 'Fyll inn listelengden.' },
        { path: 'employmentModel', code: 'required', message: 'Velg tilknytningsform.' },
      ],
      values: { status: 'continuing', listSize: '' },
    }),
    'confirmation-recorded': confirmationRecordedPage({
      applicationId: APP_ID,
      year: 2,
      status: 'continuing',
    }),
    payment: paymentPage(payment),
    'payment-errors': paymentPage({
      ...payment,
      errors: [{ path: 'paidOn', code: 'invalid-date', message: 'Skriv en gyldig dato.' }],
      values: { paidOn: '15.03.2028', instalment: ['AV-2026-ZZZZZZZZ:1'] },
    }),
    'payment-recorded': paymentRecordedPage({
      notificationId: NOTIFICATION_ID,
      paid: [paymentLine({ status: 'PAID', paidOn: '2028-01-05' })],
    }),
    'status-grant': statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Vest',
      municipalityName: 'Osterøy kommune',
      status: 'APPROVED',
      history: [
        { at: '2026-12-05T10:00:00Z', type: 'approved', by: 'fagrad1@alis-vest.example.no' },
        { at: '2026-12-05T10:00:05Z', type: 'grant-created', by: 'system' },
        {
          at: '2027-01-02T05:00:00Z',
          type: 'payment-recorded',
          by: 'okonomi@alis-vest.example.no',
        },
      ],
      grant: {
        status: 'ACTIVE',
        startDate: '2027-01-01',
        years: 4,
        positions: [{ position: 1, status: 'ACTIVE', startDate: '2027-01-01', years: 4 }],
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 50_000,
        instalments: [1, 2, 3, 4].map((year) => ({
          position: 1,
          year,
          dueDate: `${2026 + year}-01-01`,
          grant: 200_000,
          egenandel: 50_000,
          net: 150_000,
          status: (['PAID', 'HELD', 'SCHEDULED', 'SCHEDULED'] as const)[year - 1]!,
          ...(year === 1 && { paidOn: '2027-01-05' }),
        })),
      },
    }),
    'status-grant-decline': statusPage(declineSample([])),
    'status-grant-decline-errors': statusPage(
      declineSample([
        {
          path: 'confirm',
          code: 'required',
          message: 'Kryss av for å bekrefte at kommunen takker nei. Det kan ikke angres.',
        },
      ]),
    ),
    'status-grant-ended': statusPage({
      applicationId: APP_ID,
      programmeName: 'ALIS-Vest',
      municipalityName: 'Osterøy kommune',
      status: 'APPROVED',
      history: [],
      grant: {
        status: 'ENDED',
        startDate: '2027-01-01',
        years: 2,
        positions: [{ position: 1, status: 'ACTIVE', startDate: '2027-01-01', years: 4 }],
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 50_000,
        endedOn: '2027-08-31',
        endReason: 'position-ended',
        instalments: [
          {
            position: 1,
            year: 1,
            dueDate: '2027-01-01',
            grant: 2e5,
            egenandel: 5e4,
            net: 15e4,
            status: 'PAID',
          },
          {
            position: 1,
            year: 2,
            dueDate: '2028-01-01',
            grant: 2e5,
            egenandel: 5e4,
            net: 15e4,
            status: 'CANCELLED',
          },
        ],
      },
    }),
  };
}

/** A grant of two positions before any payment: the status page offers the decline. */
function declineSample(errors: { path: string; code: string; message: string }[]): StatusPageProps {
  return {
    applicationId: APP_ID,
    programmeName: 'ALIS-Vest',
    municipalityName: 'Osterøy kommune',
    status: 'ACTIVE',
    history: [{ at: '2026-12-05T10:00:05Z', type: 'grant-created', by: 'system' }],
    grant: {
      status: 'ACTIVE',
      startDate: '2027-01-01',
      years: 5,
      positions: [
        { position: 1, status: 'ACTIVE' as const, startDate: '2027-01-01', years: 5 },
        { position: 2, status: 'AWAITING_START' as const, years: 5 },
      ],
      yearlyAmountPerPosition: 200_000,
      egenandelPerPosition: 50_000,
      instalments: [
        {
          position: 1,
          year: 1,
          dueDate: '2027-01-01',
          grant: 2e5,
          egenandel: 5e4,
          net: 15e4,
          status: 'READY' as const,
        },
      ],
    },
    decline: { action: '/status/token/decline', positions: [1, 2], errors },
  };
}

describe('accessibility of the grant pages (WCAG 2.1 AA, axe)', () => {
  let browser: Browser;
  let server: PageServer;
  let page: Page;
  const pages = samplePages();

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), servePages(pages)]);
    page = await newPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(Object.keys(pages))('%s has no violations', async (name) => {
    await page.goto(`${server.baseUrl}/${name}`);
    expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
  });

  it('focuses the error summary of the confirmation form, and its links reach the fields', async () => {
    await page.goto(`${server.baseUrl}/confirmation-errors`);
    // `autofocus` lands at the browser's next rendering, maybe after the load event: wait for it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    await page.locator('.ds-error-summary a[href="#field-listSize"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-listSize');
    await expect(
      page.getByRole('textbox', { name: 'Listelengde' }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
  });

  it('focuses the error summary of the start form, keeps the answers, and its links reach the fields', async () => {
    await page.goto(`${server.baseUrl}/position-start-errors`);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    await page.locator('.ds-error-summary a[href="#field-startDate"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-startDate');
    await expect(
      page.getByRole('textbox', { name: /Startdato/ }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
  });

  it('names every checkbox of the payment form and keeps the ticked one', async () => {
    await page.goto(`${server.baseUrl}/payment-errors`);
    const boxes = page.getByRole('checkbox');
    await expect(boxes.count()).resolves.toBe(2);
    await expect(
      page.getByRole('checkbox', { name: /Stord kommune, år 1 av 4/ }).isChecked(),
    ).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: 'Utbetalingsdato' }).inputValue()).resolves.toBe(
      '15.03.2028',
    );
  });

  it('offers the decline as a form without script: the choice, the box, and its error reached from the summary', async () => {
    await page.goto(`${server.baseUrl}/status-grant-decline`);
    const form = page.locator('form[action="/status/token/decline"]');
    await expect(form.getAttribute('method')).resolves.toBe('post');
    await expect(page.getByRole('radio', { name: 'Hele tilskuddet' }).isChecked()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('radio', { name: 'Bare stilling 2' }).count()).resolves.toBe(1);
    await expect(
      page.getByRole('checkbox', { name: /Ja, kommunen takker nei/ }).isChecked(),
    ).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Takk nei' }).count()).resolves.toBe(1);

    await page.goto(`${server.baseUrl}/status-grant-decline-errors`);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    await page.locator('.ds-error-summary a[href="#field-decline-confirm"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-decline-confirm');
    await expect(
      page.getByRole('checkbox', { name: /Ja, kommunen takker nei/ }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
  });

  it('gives the tables of years their captions and column headers', async () => {
    await page.goto(`${server.baseUrl}/status-grant`);
    const table = page.getByRole('table', { name: /Utbetalinger for søknad/ });
    await expect(table.getByRole('columnheader').count()).resolves.toBe(6);
    await expect(table.getByRole('row').count()).resolves.toBe(6);
  });
});
