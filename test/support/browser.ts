// Headless Chromium for the browser tests, with axe for accessibility. The browser binary comes
// from the npm package @sparticuz/chromium (nothing is downloaded at test time; `npx playwright
// install` is not needed and would fail without internet).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { STYLESHEET, STYLESHEET_PATH } from '../../shared/web/assets/designsystemet.generated.js';

const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
];

export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: ARGS,
    headless: true,
  });
}

/** A page in a fresh context (axe needs one, and tests do not share cookies). Norwegian locale. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  return context.newPage();
}

/** What the public sector in Norway must meet: WCAG 2.1 A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations;
}

/** Violations as lines a person can act on, so a failing assertion says what to fix. */
export function describeViolations(violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary}` : ''}`,
    ),
  );
}

export interface PageServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves rendered pages at `/<name>` and the stylesheet at its hashed path, as the web handler
 * does, so that a test sees the page with its real styles (contrast is checked on them).
 */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === STYLESHEET_PATH) {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(STYLESHEET);
      return;
    }
    const html = pages[path.slice(1)];
    if (html === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
