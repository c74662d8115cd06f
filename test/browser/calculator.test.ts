// The cost calculator in Chromium, served by the real router (so the GET form, its answers and
// their security headers are what a user gets): axe for WCAG 2.1 AA on each state of the page,
// the form round trip, the error summary, and the chart's name.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STYLESHEET, STYLESHEET_PATH } from '../../shared/web/assets/designsystemet.generated.js';
import type { Request } from '../../shared/web/http.js';
import { route } from '../../shared/web/router.js';
import {
  accessibilityViolations,
  describeViolations,
  launchBrowser,
  newPage,
} from '../support/browser.js';

// Served without a table: the programmes' terms are the seed's, as a fresh table holds them.
vi.mock('../../shared/services/programme-settings.js', async () => {
  const { PROGRAMMES } = await import('../../shared/domain/programmes.js');
  return {
    programmeWithOpenRound: async (id: keyof typeof PROGRAMMES) => ({
      programme: PROGRAMMES[id],
      round: undefined,
    }),
  };
});

/** `/calculator` through the web handler's router, and the stylesheet; nothing else. */
async function serveCalculator(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer(async (incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    if (url.pathname === STYLESHEET_PATH) {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(STYLESHEET);
      return;
    }
    if (url.pathname !== '/calculator') {
      response.writeHead(404).end();
      return;
    }
    const request = {
      version: '2.0',
      routeKey: 'GET /calculator',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: Object.fromEntries(Object.entries(incoming.headers).map(([k, v]) => [k, String(v)])),
      isBase64Encoded: false,
      requestContext: {} as Request['requestContext'],
    } as Request;
    const answer = await route(request);
    response
      .writeHead(answer.statusCode ?? 500, answer.headers as Record<string, string>)
      .end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the cost calculator in a browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveCalculator>>;
  let page: Page;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), serveCalculator()]);
    page = await newPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['the empty form', ''],
    ['the 800-patient result', '?listSize=800'],
    [
      'a result with a salaried ALIS',
      '?listSize=800&salary=1300000&otherCosts=250000&income=900000',
    ],
    ['a result where the grant covers more', '?listSize=300&salary=500000&income=900000'],
    ['a refused query', '?listSize=-5&year=1900&income=x'],
  ])('%s has no violations', async (_, query) => {
    await page.goto(`${server.baseUrl}/calculator${query}`);

    expect(describeViolations(await accessibilityViolations(page))).toEqual([]);
  });

  it('calculates from the form, with the answer at a link of its own', async () => {
    await page.goto(`${server.baseUrl}/calculator`);

    await page.getByRole('textbox', { name: 'Listelengde' }).fill('800');
    await page.getByRole('button', { name: 'Regn ut' }).click();
    await page.waitForURL(/listSize=800/);

    await expect(
      page.getByRole('heading', { name: 'Resultat for 800 pasienter' }).isVisible(),
    ).resolves.toBe(true);
    expect(new URL(page.url()).searchParams.get('listSize')).toBe('800');
    const table = page.getByRole('table', { name: /Kommunens kostnader per år/ });
    const sumRow = table.getByRole('row', { name: /Sum per år/ });
    // Norwegian number formatting separates thousands with no-break spaces.
    const sums = (await sumRow.textContent())?.replace(/\s/g, ' ');
    expect(sums).toContain('360 800 kr');
    expect(sums).toContain('1 069 125 kr');
  });

  it('draws the chart as a named image with visible bars', async () => {
    await page.goto(`${server.baseUrl}/calculator?listSize=800&salary=1300000`);

    const chart = page.getByRole('img', {
      name: 'Kommunens kostnad per år, år 1 til 5',
      exact: true,
    });
    await expect(chart.isVisible()).resolves.toBe(true);
    const bars = await page.locator('.cost-chart__bar').evaluateAll((els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        return { height: box.height, fill: getComputedStyle(el).fill };
      }),
    );
    expect(bars).toHaveLength(15);
    for (const bar of bars) {
      expect(bar.height).toBeGreaterThan(0);
      expect(bar.fill).not.toBe('rgb(0, 0, 0)');
    }
  });

  it('focuses the error summary on a refused form, and its links reach the fields', async () => {
    await page.goto(`${server.baseUrl}/calculator`);
    await page.getByRole('textbox', { name: 'Listelengde' }).fill('åtte hundre');
    await page.getByRole('button', { name: 'Regn ut' }).click();
    await page.waitForURL(/listSize=/);

    // `autofocus` is applied when the browser next renders, which may come after the load event
    // on a busy machine: wait for it rather than read it once.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('feiloppsummering');
    await page.locator('.ds-error-summary a[href="#kalkulator-listSize"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kalkulator-listSize');
    await expect(page.locator('#kalkulator-listSize').inputValue()).resolves.toBe('åtte hundre');
  });
});
