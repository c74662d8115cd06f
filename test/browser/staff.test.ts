// The programme office in Chromium against the local stack: sign in by the e-mailed link (the
// form, the link's page, its button), the dashboard, the evaluation, the applications list and an
// application's detail page, the lead's page (people added and removed), then sign out. Axe checks every page as served, with its stylesheet.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, eventually, linksIn, mail, postForm, submit } from '../support/api.js';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
} from '../support/browser.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

const LEAD = 'leder@alis-nord.example.no';

async function expectAccessible(page: Page): Promise<void> {
  expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
}

describe('the programme office in a browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;
  let applicationId: string;
  let reviewedId: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack({ fresh: true }), launchBrowser()]);
    page = await newPage(browser);
    // One approved application, so that every page has figures, charts and rows to show: a
    // doctor employed from the start, so its position runs and has a plan the lead can act on.
    // Another stays in review, for the actions on a review round.
    const submitted = await submit(stack.baseUrl, {
      ...FIXTURES['alis-nord'],
      candidate: { kind: 'employed-doctor', monthsCompleted: 0 },
    });
    expect(submitted.status).toBe(201);
    applicationId = (submitted.body as { applicationId: string }).applicationId;
    const request = await eventually(async () => {
      const found = (await mail(stack.baseUrl)).filter(
        (m) =>
          m.to.includes('fagrad1@alis-nord.example.no') &&
          m.text.includes(applicationId) &&
          linksIn(m, 'decisions').length > 0,
      );
      return found.at(-1);
    }, 'the review request');
    const inReview = await submit(stack.baseUrl, {
      ...FIXTURES['alis-nord'],
      municipality: { ...FIXTURES['alis-nord'].municipality, municipalityNumber: '5603' },
    });
    expect(inReview.status).toBe(201);
    reviewedId = (inReview.body as { applicationId: string }).applicationId;
    const decided = await postForm(linksIn(request, 'decisions')[0]!, {
      decision: 'approve',
      comment: 'Godt forankret i kommunen.',
    });
    expect(decided.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in by the e-mailed link', async () => {
    await page.goto(`${stack.baseUrl}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    await expectAccessible(page);
    await page.getByLabel('E-postadresse').fill(LEAD);
    await page.getByRole('button', { name: 'Send lenke' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sjekk e-posten din');
    await expectAccessible(page);

    const message = await eventually(async () => {
      const found = (await mail(stack.baseUrl)).filter(
        (m) => m.to.includes(LEAD) && linksIn(m, 'staff/signin').length > 0,
      );
      return found.at(-1);
    }, 'the sign-in e-mail');
    await page.goto(linksIn(message, 'staff/signin')[0]!);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Oversikt');
  });

  it('the dashboard: charts with their tables', async () => {
    await page.goto(`${stack.baseUrl}/staff`);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    expect(await page.locator('table caption').count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('the evaluation', async () => {
    await page.getByRole('link', { name: 'Evaluering' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/evaluation`);
    expect(await page.locator('table').count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('the applications list and an application', async () => {
    await page.getByRole('link', { name: 'Søknader' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/applications`);
    await expectAccessible(page);
    await page.getByRole('link', { name: applicationId }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/applications/${applicationId}`);
    expect(await page.getByText('Godt forankret i kommunen.').count()).toBeGreaterThan(0);
    // The lead's actions that fit an approved application, checked by axe with the rest: a
    // payment's resume, the contact, the grant's end, a year held back; no withdrawal, nothing on
    // a review round.
    const buttons = async (names: string[]) =>
      Promise.all(names.map((name) => page.getByRole('button', { name }).count()));
    const grantActions = [
      'Start utbetalingen på nytt',
      'Endre kontaktperson',
      'Avslutt tilskuddet',
      'Hold tilbake',
    ];
    const reviewActions = ['Trekk søknaden', 'Send nye lenker', 'Bytt fagrådsmedlem'];
    expect(await buttons(grantActions)).toEqual([1, 1, 1, 1]);
    expect(await buttons([...reviewActions, 'Frigi utbetalingen'])).toEqual([0, 0, 0, 0]);
    await expectAccessible(page);

    // A year held back from the page: its release is offered instead.
    await page.locator('form[aria-labelledby="handling-hold"] input[type="radio"]').first().check();
    await page.getByRole('button', { name: 'Hold tilbake' }).click();
    await page.getByRole('button', { name: 'Frigi utbetalingen' }).waitFor();
    await expectAccessible(page);

    // In review: the actions on its round and the withdrawal; nothing on a grant.
    await page.goto(`${stack.baseUrl}/staff/applications/${reviewedId}`);
    expect(await buttons(reviewActions)).toEqual([1, 1, 1]);
    expect(await buttons(['Avslutt tilskuddet', 'Hold tilbake'])).toEqual([0, 0]);
    await expectAccessible(page);
  });

  it("the lead's page: a refused form shows its errors, a person is added and a role taken", async () => {
    await page.getByRole('link', { name: 'Administrasjon' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/admin`);
    await expectAccessible(page);

    await page.locator('#alis-nord-person-email').fill('ikke en adresse');
    await page.getByRole('button', { name: 'Gi tilgang' }).click();
    await page.locator('#feiloppsummering').waitFor();
    expect(await page.title()).toMatch(/^Feil: /);
    expect(await page.locator('#feiloppsummering a').count()).toBe(2);
    await expectAccessible(page);

    await page.locator('#alis-nord-person-email').fill('ny.okonomi@kommune.example.no');
    await page.getByLabel('Økonomi', { exact: true }).check();
    await page.getByRole('button', { name: 'Gi tilgang' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/admin#alis-nord-personer-tittel`);
    expect(
      await page.getByRole('rowheader', { name: 'ny.okonomi@kommune.example.no' }).count(),
    ).toBe(1);

    await page
      .getByRole('button', { name: 'Fjern rollen Økonomi fra ny.okonomi@kommune.example.no' })
      .click();
    await page.waitForURL(`${stack.baseUrl}/staff/admin#alis-nord-personer-tittel`);
    expect(
      await page.getByRole('rowheader', { name: 'ny.okonomi@kommune.example.no' }).count(),
    ).toBe(0);
    await expectAccessible(page);
  });

  it('the lead’s rounds: opens a round from the form, and a refused change shows its messages', async () => {
    await page.goto(`${stack.baseUrl}/staff`);
    await page.getByRole('link', { name: 'Administrasjon' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/admin`);
    await expectAccessible(page);

    const form = page.locator('#ny-runde-alis-nord');
    await form.getByLabel('Navn').fill('Søknadsrunde 2028');
    await form.getByLabel('Første søknadsdag').fill('2027-05-01');
    await form.getByLabel('Siste søknadsdag').fill('2028-03-31');
    await form.getByLabel('Antall stillinger').fill('12');
    await form.getByLabel('Nordland').check();
    await form.getByRole('button', { name: 'Opprett runden' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/admin#runder-alis-nord`);
    const table = page.getByRole('table', { name: /Rundene i ALIS-Nord/ });
    expect(await table.getByRole('rowheader', { name: 'Søknadsrunde 2028' }).count()).toBe(1);
    await expectAccessible(page);

    // An open round may only get more positions: fewer is refused, with the form shown again.
    const open = page.locator('#runde-alis-nord-2027');
    await open.getByLabel('Antall stillinger').fill('5');
    await open.getByRole('button', { name: 'Lagre endringene' }).click();
    await page.waitForLoadState();
    const summary = page.locator('.ds-error-summary');
    expect(await summary.textContent()).toContain('kan bare økes');
    await expectAccessible(page);
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL(`${stack.baseUrl}/staff/login`);
    await page.goto(`${stack.baseUrl}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
  });
});
