// End to end in Chromium against the local stack: a municipality applies through the HTML form,
// gets its receipt, follows the status link; an empty form comes back with its errors. Axe checks
// the live pages (with the stylesheet the web handler serves).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateApplication, type Application } from '../../shared/domain/application.js';
import { applicationToFormValues } from '../../shared/web/form/convert.js';
import nord from '../fixtures/application-alis-nord.json';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
} from '../support/browser.js';
import { confirmContact, eventually, linksIn, mail, mailsMatching } from '../support/api.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

function fixture(json: unknown = nord): Application {
  const result = validateApplication(json);
  if (!result.ok) throw new Error(`fixture invalid: ${JSON.stringify(result.errors)}`);
  return result.application;
}

/** Fills every field as a person would: chooses options, ticks boxes, types text. */
async function fillApplicationForm(page: Page, application: Application): Promise<void> {
  // The municipality is chosen by its visible label, as a user finds it.
  await page.getByLabel('Kommune', { exact: true }).selectOption({
    label: `${application.municipality.name} (${application.municipality.municipalityNumber})`,
  });
  for (const [name, value] of Object.entries(applicationToFormValues(application))) {
    if (name === 'programme' || name === 'municipality.municipalityNumber') continue;
    const fields = page.locator(`[name="${name}"]`);
    const first = fields.first();
    const kind = await first.evaluate((el) =>
      el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase(),
    );
    if (kind === 'select') await first.selectOption(String(value));
    else if (kind === 'radio')
      await page.locator(`input[name="${name}"][value="${String(value)}"]`).check();
    else if (kind === 'checkbox') {
      for (const v of Array.isArray(value) ? value : [value])
        await page.locator(`input[name="${name}"][value="${v}"]`).check();
    } else await first.fill(String(value));
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
}

describe('applying through the web form', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
    page = await newPage(browser);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('submits a complete application, shows the receipt and the status page', async () => {
    const application = fixture();
    await page.goto(`${stack.baseUrl}/apply/alis-nord`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'ALIS-Nord',
    );
    await expectAccessible(page);

    await fillApplicationForm(page, application);
    await page.getByRole('button', { name: 'Send søknaden' }).click();

    await page.waitForURL(/\/receipt\//);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Søknaden er sendt',
    );
    const applicationId = (await page.getByTestId('application-id').textContent())?.trim() ?? '';
    expect(applicationId).toMatch(/^AN-\d{4}-[A-Z0-9]+$/);
    await expectAccessible(page);

    await page.getByRole('link', { name: `Se status for søknad ${applicationId}` }).click();

    await page.waitForURL(/\/status\//);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Status for søknad ${applicationId}`,
    );
    await expect(page.locator('main').textContent()).resolves.toContain('Vadsø');
    await expect(page.getByRole('cell', { name: 'Søknaden er sendt inn' }).count()).resolves.toBe(
      1,
    );
    // A fresh stack: the contact has not confirmed the address yet, and the page says what to do.
    await expect(page.getByTestId('status').textContent()).resolves.toBe(
      'Venter på at kontaktpersonen bekrefter e-postadressen',
    );
    await expect(page.locator('main').textContent()).resolves.toContain('Bekreft e-postadressen');
    await expectAccessible(page);
    const statusUrl = page.url();

    const receipt = (await mail(stack.baseUrl)).find(
      (m) => m.subject.includes(applicationId) && m.to.includes(application.contact.email),
    );
    expect(receipt?.text).toContain(statusUrl);

    // The contact confirms through the receipt's link, with the page's button.
    const verifyLink = linksIn(receipt!, 'verify')[0]!;
    await page.goto(verifyLink);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Bekreft e-postadressen',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Bekreft e-postadressen' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'E-postadressen er bekreftet',
    );
    await expectAccessible(page);

    await page.goto(statusUrl);
    await expect(page.getByTestId('status').textContent()).resolves.toMatch(
      /Mottatt|Til vurdering i fagrådet/,
    );
  });

  it('gets the form and its stylesheet compressed, and shows them styled', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const fresh = await context.newPage();
    const stylesheet = fresh.waitForResponse((r) => r.url().includes('/assets/site-'));
    const answer = (await fresh.goto(`${stack.baseUrl}/apply/alis-nord`))!;
    expect(answer.headers()['content-encoding']).toBe('br');
    expect(answer.headers().vary).toBe('Accept-Encoding');
    const css = await stylesheet;
    expect(css.headers()['content-encoding']).toBe('br');
    expect(css.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // Decoded by the browser: the rules apply (Designsystemet's button is a flex box).
    const display = await fresh
      .getByRole('button', { name: 'Send søknaden' })
      .evaluate((button) => getComputedStyle(button).display);
    expect(display).toBe('flex');
    await context.close();
  });

  it('answers an empty form with the error summary and a message by each field, values kept', async () => {
    await page.goto(`${stack.baseUrl}/apply/alis-nord`);
    await page.getByLabel('Veilederens navn').fill('Ola Nordmann');
    const answer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/applications'),
    );

    await page.getByRole('button', { name: 'Send søknaden' }).click();

    expect((await answer).status()).toBe(400);
    await page.waitForSelector('.ds-error-summary');
    expect(await page.title()).toMatch(/^Feil: /);
    // `autofocus` lands at the browser's next rendering, maybe after the load event: wait for it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    const summary = page.locator('.ds-error-summary');
    await expect(summary.locator('a[href="#field-contact-name"]').count()).resolves.toBe(1);
    await expect(summary.locator('a[href="#field-supervisor-name"]').count()).resolves.toBe(0);
    await expect(page.locator('#field-contact-name').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(page.locator('#field-contact-name-error').textContent()).resolves.toContain(
      'Fyll inn feltet.',
    );
    await expect(page.locator('#field-supervisor-name').inputValue()).resolves.toBe('Ola Nordmann');
    await expect(
      page.locator('#field-supervisor-name').getAttribute('aria-invalid'),
    ).resolves.toBeNull();

    await summary.locator('a[href="#field-contact-name"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-contact-name');
    await expectAccessible(page);
  });

  it('applies for 2 positions, each with its candidate, and a reviewer approves 1 of them', async () => {
    const { positionsRequested: _count, candidate: _one, ...rest } = nord;
    // The same kind of candidate in both: the domain refuses differing ones until each position
    // has a plan of its own (`mixed-candidates`); the form sends each position's own answer.
    const application = fixture({
      ...rest,
      contact: { ...rest.contact, email: 'per.hansen@vadso.example.no' },
      positions: [{ candidate: { kind: 'new-position' } }, { candidate: { kind: 'new-position' } }],
    });
    await page.goto(`${stack.baseUrl}/apply/alis-nord`);
    const second = page.getByRole('group', { name: 'Stilling 2' });
    // No script: the stylesheet shows position 2 only when 2 positions are chosen.
    await expect(second.isVisible()).resolves.toBe(false);
    await page.getByLabel('2 ALIS-stillinger').check();
    await expect(second.isVisible()).resolves.toBe(true);
    await page.getByLabel('1 ALIS-stilling', { exact: true }).check();
    await expect(second.isVisible()).resolves.toBe(false);

    // A doctor's months show for a doctor already employed, not for a new position.
    const months = page.locator('#field-positions-0-candidate-monthsCompleted');
    await page.locator('#field-positions-0-candidate-kind-employed-doctor').check();
    await expect(months.isVisible()).resolves.toBe(true);
    await page.locator('#field-positions-0-candidate-kind').check();
    await expect(months.isVisible()).resolves.toBe(false);

    await fillApplicationForm(page, application);
    await expect(second.isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send søknaden' }).click();
    await page.waitForURL(/\/receipt\//);
    const applicationId = (await page.getByTestId('application-id').textContent())?.trim() ?? '';
    await confirmContact(stack.baseUrl, applicationId);

    const [request] = await mailsMatching(
      stack.baseUrl,
      (m) =>
        m.to.includes('fagrad1@alis-nord.example.no') &&
        m.text.includes(applicationId) &&
        linksIn(m, 'decisions').length > 0,
      1,
      'the review request',
    );
    await page.goto(linksIn(request!, 'decisions')[0]!.replace(/^https?:\/\/[^/]+/, stack.baseUrl));
    const approved = page.getByRole('group', { name: 'Hvor mange stillinger godkjenner du?' });
    await expect(approved.getByLabel('2 ALIS-stillinger').isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByLabel('Godkjenn søknaden').check();
    await approved.getByLabel('1 ALIS-stilling', { exact: true }).check();
    await page.getByRole('button', { name: 'Registrer vedtaket' }).click();

    await page.getByRole('heading', { level: 1, name: 'Vedtaket er registrert' }).waitFor();
    const receipt = (await mail(stack.baseUrl)).find(
      (m) => m.subject.includes(applicationId) && m.to.includes(application.contact.email),
    );
    const statusUrl = linksIn(receipt!, 'status')[0]!.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
    const status = await eventually(async () => {
      const answer = await fetch(statusUrl, { headers: { accept: 'application/json' } });
      const view = (await answer.json()) as { grant?: { positions?: unknown[] } };
      return view.grant ? view : undefined;
    }, 'the grant');
    // The status JSON lists the positions granted (contract); a grant without the list says the
    // number on the status page.
    if (status.grant?.positions) expect(status.grant.positions).toHaveLength(1);
    else {
      await page.goto(statusUrl);
      await expect(page.locator('main').textContent()).resolves.toContain('1 ALIS-stilling');
      await expect(page.locator('main').textContent()).resolves.not.toContain('2 ALIS-stillinger');
    }
  });
});
