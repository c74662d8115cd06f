// In Chromium against the local stack: a municipality saves half a form as a draft, and continues
// in a new browser context from the draft's link, with what it wrote there; and withdraws an
// application from its status page, first without ticking the box. Axe checks each page.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nord from '../fixtures/application-alis-nord.json';
import { submit } from '../support/api.js';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
} from '../support/browser.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

describe('saving a draft and continuing later', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('saves what is filled in with «Lagre utkast» and opens it prefilled from the link elsewhere', async () => {
    const page = await newPage(browser);
    await page.goto(`${stack.baseUrl}/apply/alis-nord`);
    await page.getByLabel('Kommune', { exact: true }).selectOption('5607');
    await page.locator('[name="contact.email"]').fill('utkast.nettleser@vadso.example.no');
    await page.locator('[name="recruitmentSituation"]').fill(nord.recruitmentSituation);
    await page.getByRole('button', { name: 'Lagre utkast' }).click();

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Utkastet er lagret',
    );
    expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
    const href = await page.getByTestId('draft-link').getAttribute('href');
    expect(href).toMatch(/^\/drafts\/[A-Za-z0-9_-]{43}$/);
    await page.context().close();

    const later = await newPage(browser);
    await later.goto(`${stack.baseUrl}${href}`);
    await expect(later.locator('[name="recruitmentSituation"]').inputValue()).resolves.toBe(
      nord.recruitmentSituation,
    );
    await expect(later.locator('[name="contact.email"]').inputValue()).resolves.toBe(
      'utkast.nettleser@vadso.example.no',
    );
    await expect(later.locator('[name="draft"]').inputValue()).resolves.toBe(href!.split('/')[2]);
    expect(describeViolations(await accessibilityViolations(later))).toEqual([]);
    await later.context().close();
  });

  it('withdraws an application from its status page, the box ticked after the error', async () => {
    const sent = await submit(
      stack.baseUrl,
      { ...nord, contact: { ...nord.contact, email: 'trekk.nettleser@vadso.example.no' } },
      undefined,
      { confirm: false },
    );
    const { applicationId, statusUrl } = sent.body;
    const page = await newPage(browser);
    await page.goto(statusUrl.replace(/^https?:\/\/[^/]+/, stack.baseUrl));

    await page.getByRole('button', { name: 'Trekk søknaden' }).click();
    await expect(page.locator('#feiloppsummering').textContent()).resolves.toContain(
      'Kryss av for å bekrefte',
    );
    expect(describeViolations(await accessibilityViolations(page))).toEqual([]);

    await page.getByLabel(`Ja, trekk søknad ${applicationId}`).check();
    await page.getByRole('button', { name: 'Trekk søknaden' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Søknaden er trukket',
    );
    expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
    await page.getByRole('link', { name: 'Se status for søknaden' }).click();
    await expect(page.getByTestId('status').textContent()).resolves.toBe('Trukket');
    await expect(page.getByRole('button', { name: 'Trekk søknaden' }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
