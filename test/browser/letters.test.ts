// The pages of decision letters and complaints, rendered with sample data and the real stylesheet,
// checked by axe in Chromium against WCAG 2.1 A and AA: the letter page (with and without its
// complaint), the complaint form (fresh and with errors), the page after filing, the status page
// listing the letters. That their GETs change nothing is checked on the running stack
// (test/integration/letters.test.ts).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterProgramme, type Letter } from '../../shared/domain/letters.js';
import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { letterDocument } from '../../shared/presentation/letter.js';
import { statusPage } from '../../shared/web/pages/index.js';
import { complaintFiledPage, complaintPage, letterPage } from '../../shared/web/pages/letters.js';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
  servePages,
  type PageServer,
} from '../support/browser.js';

const LETTER: Letter = {
  number: 1,
  source: 'rejected-r1',
  sentAt: '2027-01-11T09:00:00Z',
  caseNumber: 'AN-2027-ABCDEFGH',
  programme: letterProgramme(PROGRAMMES['alis-nord'], PROGRAMMES['alis-nord'].people.lead),
  recipient: { municipalityName: 'Deatnu - Tana kommune', contactName: 'Áile Ánde' },
  decision: { kind: 'rejected', comment: 'Det mangler en veileder.\n\nSøk gjerne igjen.' },
};

function samplePages(): Record<string, string> {
  const doc = letterDocument(LETTER);
  const complaint = {
    doc,
    action: '/complaints/token',
    lastDay: '1. februar 2027',
    value: '',
    errors: [],
  };
  return {
    letter: letterPage({ doc, statusUrl: '/status/x' }),
    'letter-complained': letterPage({
      doc,
      statusUrl: '/status/x',
      complaint: { filedAt: '2027-01-20T10:00:00Z', status: 'mottatt, til behandling' },
    }),
    complaint: complaintPage(complaint),
    'complaint-errors': complaintPage({
      ...complaint,
      value: '!!!',
      errors: [
        { path: 'text', code: 'no-content', message: 'Skriv en tekst med bokstaver eller tall.' },
      ],
    }),
    'complaint-filed': complaintFiledPage({ caseNumber: LETTER.caseNumber }),
    'status-letters': statusPage({
      applicationId: LETTER.caseNumber,
      programmeName: 'ALIS-Nord',
      municipalityName: 'Deatnu - Tana kommune',
      status: 'COMPLAINED',
      history: [
        { at: '2027-01-20T10:00:00Z', type: 'complaint-filed', by: 'kontakt@tana.example.no' },
      ],
      letters: [
        {
          href: '/status/x/letters/letter-1',
          title: doc.title,
          sentAt: LETTER.sentAt,
          complaint: 'Mottatt, til behandling',
        },
      ],
    }),
  };
}

describe('accessibility of the letter and complaint pages (WCAG 2.1 AA, axe)', () => {
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

  it('the letter page gives every section a heading, in order', async () => {
    await page.goto(`${server.baseUrl}/letter`);
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual([
      'Vedtak',
      'Begrunnelse',
      'Hjemmel',
      'Rett til å klage (forvaltningsloven § 27)',
      'Rett til å se sakens dokumenter',
      'Kontakt',
    ]);
  });

  it('the complaint form names its field and leads from the error summary to it', async () => {
    await page.goto(`${server.baseUrl}/complaint-errors`);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    await page.locator('.ds-error-summary a[href="#field-text"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-text');
    const field = page.getByRole('textbox', { name: 'Klagen' });
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field.inputValue()).resolves.toBe('!!!');
  });
});
