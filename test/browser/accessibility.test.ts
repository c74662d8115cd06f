// Every page, rendered with sample data and its real stylesheet, checked by axe in Chromium against
// WCAG 2.1 A and AA; plus the keyboard basics axe cannot see (skip link, focus on the error summary).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateApplication,
  type Application,
  type FieldError,
} from '../../shared/domain/application.js';
import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { applicationToFormValues, formToApplicationInput } from '../../shared/web/form/convert.js';
import { formValuesToSearchParams } from '../support/form.js';
import {
  alreadyDecidedPage,
  amendmentReceivedPage,
  caseDocumentsPage,
  contactConfirmedPage,
  applicationFormPage,
  approvalRefusedPage,
  decisionPage,
  decisionRecordedPage,
  landingPage,
  messagePage,
  receiptPage,
  statusPage,
  verifyPage,
} from '../../shared/web/pages/index.js';
import { accessibilityStatementPage } from '../../shared/web/pages/accessibility-statement.js';
import { privacyPage } from '../../shared/web/pages/privacy.js';
import nord from '../fixtures/application-alis-nord.json';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
  servePages,
  type PageServer,
} from '../support/browser.js';

const nordProgramme = PROGRAMMES['alis-nord'];
const vestProgramme = PROGRAMMES['alis-vest'];
const round = nordProgramme.rounds.at(-1)!;

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

function emptyFormErrors(): FieldError[] {
  const result = validateApplication(
    formToApplicationInput(new URLSearchParams({ programme: 'alis-nord' })),
  );
  return result.ok ? [] : result.errors;
}

function samplePages(): Record<string, string> {
  const app = application();
  const partly = {
    ...applicationToFormValues(app),
    'contact.email': 'kari@',
    'supervisor.hoursPerMonth': 'tre',
  };
  const partlyErrors = (() => {
    const r = validateApplication(formToApplicationInput(formValuesToSearchParams(partly)));
    return r.ok ? [] : r.errors;
  })();
  const decision = {
    applicationId: 'AN-2026-ABCDEFGH',
    application: app,
    programmeName: 'ALIS-Nord',
    programme: nordProgramme,
    submittedAt: '2026-11-03T09:15:00Z',
    reviewer: 'fagrad1@alis-nord.example.no',
    expiresAt: '2026-12-03T09:15:00Z',
    action: '/decisions/token',
    errors: [],
    values: {},
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
    'form-empty': applicationFormPage({
      programme: nordProgramme,
      round,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
      idempotencyKey: 'k1',
    }),
    'form-vest': applicationFormPage({
      programme: vestProgramme,
      round: vestProgramme.rounds.at(-1)!,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
    }),
    'form-errors': applicationFormPage({
      programme: nordProgramme,
      round,
      action: '/applications',
      mode: 'new',
      values: { programme: 'alis-nord' },
      errors: emptyFormErrors(),
    }),
    'form-some-errors': applicationFormPage({
      programme: nordProgramme,
      round,
      action: '/applications',
      mode: 'new',
      values: partly,
      errors: partlyErrors,
    }),
    'form-two-positions-errors': applicationFormPage({
      programme: nordProgramme,
      round,
      action: '/applications',
      mode: 'new',
      values: twoPositionsPosted(),
      errors: (() => {
        const r = validateApplication(
          formToApplicationInput(formValuesToSearchParams(twoPositionsPosted())),
        );
        return r.ok ? [] : r.errors;
      })(),
    }),
    'form-amend': applicationFormPage({
      programme: nordProgramme,
      round,
      action: '/amend/token',
      mode: 'amend',
      values: applicationToFormValues(app),
      errors: [],
      changeRequestComment: 'Beskriv bakvakten nærmere.\nHvem har bakvakt i helgene?',
    }),
    receipt: receiptPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      statusUrl: '/status/abc',
    }),
    'receipt-awaiting-contact': receiptPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      statusUrl: '/status/abc',
      contactDeadline: '2026-11-10T23:00:00Z',
    }),
    'status-awaiting-contact': statusPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'AWAITING_CONTACT',
      contactDeadline: '2026-11-10T23:00:00Z',
      history: [
        { at: '2026-11-03T09:15:00Z', type: 'submitted', by: 'kari.nordmann@vadso.example.no' },
        { at: '2026-11-03T09:15:02Z', type: 'receipt-sent', by: 'system' },
      ],
    }),
    verify: verifyPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      deadline: '2026-11-10T23:00:00Z',
      action: '/verify/token',
    }),
    'contact-confirmed': contactConfirmedPage({ applicationId: 'AN-2026-ABCDEFGH' }),
    status: statusPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      status: 'CHANGES_REQUESTED',
      documentsUrl: '/status/abc/documents',
      withdraw: { action: '/status/abc/withdraw', errors: [] },
      history: [
        { at: '2026-11-03T09:15:00Z', type: 'submitted', by: 'kari.nordmann@vadso.example.no' },
        { at: '2026-11-03T09:15:02Z', type: 'receipt-sent', by: 'system' },
        { at: '2026-11-03T09:15:03Z', type: 'review-requested', by: 'system' },
        {
          at: '2026-11-10T05:00:00Z',
          type: 'changes-requested',
          by: 'fagrad1@alis-nord.example.no',
          comment: 'Beskriv bakvakten.',
        },
      ],
    }),
    decision: decisionPage(decision),
    'decision-errors': decisionPage({
      ...decision,
      errors: [
        {
          path: 'comment',
          code: 'required',
          message: 'Skriv en begrunnelse for avslaget; kommunen får den.',
        },
      ],
      values: { decision: 'reject' },
    }),
    'decision-two-positions': decisionPage({ ...decision, application: twoPositions() }),
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
    'decision-recorded': decisionRecordedPage({
      applicationId: 'AN-2026-ABCDEFGH',
      decision: 'request-changes',
    }),
    'already-decided': alreadyDecidedPage({
      applicationId: 'AN-2026-ABCDEFGH',
      decidedBy: 'fagrad2@alis-nord.example.no',
      decision: 'approve',
      decidedAt: '2026-11-04T10:00:00Z',
    }),
    'approval-refused': approvalRefusedPage({
      applicationId: 'AN-2026-ABCDEFGH',
      reason:
        'Søknadsrunden i ALIS-Nord har ikke nok ledige ALIS-stillinger igjen (20 i alt). Godkjenningen er ikke registrert.',
      action: '/decisions/token',
    }),
    'amendment-received': amendmentReceivedPage({ applicationId: 'AN-2026-ABCDEFGH' }),
    privacy: privacyPage({
      programmes: [nordProgramme, vestProgramme].map((p) => ({
        id: p.id,
        name: p.name,
        privacy: p.privacy,
      })),
    }),
    tilgjengelighet: accessibilityStatementPage({
      programmes: [nordProgramme, vestProgramme].map((p) => ({
        id: p.id,
        name: p.name,
        owner: p.owner,
        contactEmail: p.people.lead,
      })),
    }),
    documents: caseDocumentsPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      municipalityName: 'Kárášjoga gielda',
      statusUrl: '/status/abc',
      documents: [
        {
          id: 'application-1',
          kind: 'application',
          title: 'Søknad om ALIS-tilskudd, versjon 1 av 2',
          date: '2026-11-03',
          url: '/status/abc/documents/application-1',
        },
        {
          id: 'application-2',
          kind: 'application',
          title: 'Søknad om ALIS-tilskudd, versjon 2 av 2',
          date: '2026-11-12',
          url: '/status/abc/documents/application-2',
        },
        {
          id: 'payment-notice-1-1',
          kind: 'payment-notice',
          title: 'Utbetalingsvarsel, stilling 1, år 1 av 5',
          date: '2027-01-01',
          url: '/status/abc/documents/payment-notice-1-1',
        },
      ],
    }),
    'documents-none': caseDocumentsPage({
      applicationId: 'AN-2026-ABCDEFGH',
      programmeName: 'ALIS-Nord',
      municipalityName: 'Vadsø kommune',
      statusUrl: '/status/abc',
      documents: [],
    }),
    'message-404': messagePage({
      title: 'Fant ikke siden',
      message: 'Lenken er ugyldig, eller siden finnes ikke.',
    }),
  };
}

describe('accessibility of every page (WCAG 2.1 AA, axe)', () => {
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

    const violations = await accessibilityViolations(page);

    expect(describeViolations(violations)).toEqual([]);
  });

  it('loads the stylesheet (the pages are styled, not bare HTML)', async () => {
    await page.goto(`${server.baseUrl}/landing`);

    const background = await page
      .locator('header.site-header')
      .evaluate((el) => getComputedStyle(el).backgroundColor);

    expect(background).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('prints the content alone: no header tagline, footer, forms or buttons', async () => {
    await page.goto(`${server.baseUrl}/status`);
    const shown = (selector: string) => page.locator(selector).first().isVisible();
    expect(await shown('footer.site-footer')).toBe(true);
    expect(await shown('form')).toBe(true);

    await page.emulateMedia({ media: 'print' });
    try {
      for (const selector of ['footer.site-footer', '.site-header__tagline', 'form', 'button']) {
        expect(await shown(selector), selector).toBe(false);
      }
      expect(await shown('[data-testid="documents-link"]')).toBe(false);
      expect(await shown('h1')).toBe(true);
      expect(await shown('table')).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('links each document of the case by its title, in a table with a caption', async () => {
    await page.goto(`${server.baseUrl}/documents`);
    const table = page.getByRole('table', { name: /Dokumenter i sak AN-2026-ABCDEFGH/ });
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Dato',
      'Dokument',
      'Type',
    ]);
    const link = table.getByRole('link', { name: 'Søknad om ALIS-tilskudd, versjon 2 av 2 (PDF)' });
    await expect(link.getAttribute('href')).resolves.toBe('/status/abc/documents/application-2');
    await page.goto(`${server.baseUrl}/status`);
    await expect(
      page.getByRole('link', { name: 'Dokumentene i saken (PDF)' }).getAttribute('href'),
    ).resolves.toBe('/status/abc/documents');
  });

  it('offers the skip link first and moves to the main content', async () => {
    await page.goto(`${server.baseUrl}/form-empty`);

    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(first).toBe('Hopp til hovedinnholdet');
    await expect(page.locator('a.ds-skip-link').isVisible()).resolves.toBe(true);

    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hovedinnhold');
  });

  it('reaches the privacy notice and the accessibility statement from the footer by keyboard', async () => {
    await page.goto(`${server.baseUrl}/landing`);

    const reached: string[] = [];
    for (let i = 0; i < 40 && reached.length < 2; i++) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      if (href === '/personvern' || href === '/tilgjengelighet') reached.push(href);
    }
    expect(reached).toEqual(['/personvern', '/tilgjengelighet']);
    expect(await page.locator('footer a[href="/personvern"]').textContent()).toBe(
      'Personvernerklæring',
    );
  });

  it('focuses the error summary when a form comes back with errors, and its links reach the fields', async () => {
    await page.goto(`${server.baseUrl}/form-some-errors`);

    // `autofocus` lands at the browser's next rendering, maybe after the load event: wait for it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');

    await page.locator('.ds-error-summary a[href="#field-supervisor-hoursPerMonth"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      'field-supervisor-hoursPerMonth',
    );
    await expect(page.locator('#field-supervisor-hoursPerMonth').inputValue()).resolves.toBe('tre');
    await expect(
      page
        .getByRole('textbox', { name: 'Timer strukturert veiledning per måned' })
        .getAttribute('aria-invalid'),
    ).resolves.toBe('true');
  });
});
