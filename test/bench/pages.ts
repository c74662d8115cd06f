// Page weight: what a first visit to each public page transfers (its HTML and the stylesheet), as
// sent and in each coding, against the page as it was before compression and the stylesheet's
// subset (the HTML as it is, Designsystemet whole); and the form loaded by Chromium over a
// throttled "Regular 3G" link (750 kbit/s down, 250 kbit/s up, 100 ms latency) against the same
// load unthrottled, both on a fresh browser context (nothing cached), median of a few loads.

import * as http from 'node:http';
import { chromium as playwright, type Browser } from 'playwright-core';
import chromium from '@sparticuz/chromium';
import { wholeStylesheet } from '../../scripts/build-assets.js';
import { PROGRAMMES } from '../../shared/domain/programmes.js';
import { STYLESHEET_PATH } from '../../shared/web/assets/designsystemet.generated.js';
import { FIXTURES, linksIn, mailsMatching, postForm, submit } from '../support/api.js';
import type { LocalStack } from '../support/local-stack.js';
import { median } from './load.js';

/** What a first visit may transfer at most, HTML and CSS together, compressed (issue: light pages). */
export const FIRST_VISIT_BUDGET_BYTES = 50 * 1024;

/** Chromium DevTools' "Regular 3G", in the units of Network.emulateNetworkConditions (bytes/s). */
export const REGULAR_3G = {
  offline: false,
  latency: 100,
  downloadThroughput: (750 * 1024) / 8,
  uploadThroughput: (250 * 1024) / 8,
};

export interface Weight {
  identity: number;
  gzip: number;
  br: number;
}

export interface PageWeight {
  page: string;
  html: Weight;
  /** HTML and CSS, as a first visit fetches them. */
  firstVisit: Weight;
  /** The same before: nothing compressed, Designsystemet's stylesheet whole. */
  before: number;
}

export interface ThrottledLoad {
  page: string;
  runs: number;
  /** Medians, ms from navigation start to the load event. */
  unthrottledMs: number;
  throttledMs: number;
  /** The same throttled, with the answers uncompressed (Accept-Encoding: identity). */
  throttledIdentityMs: number;
  /** Bytes the browser received for the page and its stylesheet, throttled and compressed. */
  transferredBytes: number;
  ratio: number;
}

/** The bytes of one answer as sent, in one coding (node:http: nothing decoded on the way). */
function bytesOf(url: string, coding: keyof Weight): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': coding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on('end', () => {
          const sent = response.headers['content-encoding'] ?? 'identity';
          if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
          else if (sent !== coding) reject(new Error(`${url}: asked for ${coding}, got ${sent}`));
          else resolve(bytes);
        });
      })
      .on('error', reject);
  });
}

async function weightOf(url: string): Promise<Weight> {
  return {
    identity: await bytesOf(url, 'identity'),
    gzip: await bytesOf(url, 'gzip'),
    br: await bytesOf(url, 'br'),
  };
}

/** The public pages, and the link pages one application and one sign-in request make. */
async function publicPages(stack: LocalStack): Promise<Record<string, string>> {
  const base = stack.baseUrl;
  const pages: Record<string, string> = {
    '/': `${base}/`,
    '/apply/alis-nord': `${base}/apply/alis-nord`,
    '/apply/alis-vest': `${base}/apply/alis-vest`,
    '/calculator': `${base}/calculator`,
    '/calculator?listSize=800 (a result)': `${base}/calculator?listSize=800&salary=1200000&otherCosts=200000&income=300000`,
    '/staff/login': `${base}/staff/login`,
  };
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.contact.email = `sidevekt-${Date.now()}@kommune.example.no`;
  const submitted = await submit(base, body);
  if (submitted.status !== 201) throw new Error(`Submission answered ${submitted.status}`);
  const { applicationId, statusUrl } = submitted.body as {
    applicationId: string;
    statusUrl: string;
  };
  pages['/status/{token}'] = statusUrl;
  const [request] = await mailsMatching(
    base,
    (m) => m.text.includes(applicationId) && linksIn(m, 'decisions').length > 0,
    1,
    'the review request',
  );
  pages['/decisions/{token}'] = linksIn(request!, 'decisions')[0]!;
  const lead = PROGRAMMES['alis-nord'].people.lead;
  await postForm(`${base}/staff/login`, { email: lead });
  const [signIn] = await mailsMatching(
    base,
    (m) => m.to.includes(lead) && linksIn(m, 'staff/signin').length > 0,
    1,
    'the sign-in link',
  );
  pages['/staff/signin/{token}'] = linksIn(signIn!, 'staff/signin')[0]!;
  return pages;
}

export async function measurePageWeights(
  stack: LocalStack,
): Promise<{ stylesheet: Weight & { before: number }; pages: PageWeight[] }> {
  const css = await weightOf(`${stack.baseUrl}${STYLESHEET_PATH}`);
  const cssBefore = Buffer.byteLength(wholeStylesheet());
  const pages: PageWeight[] = [];
  for (const [page, url] of Object.entries(await publicPages(stack))) {
    const html = await weightOf(url);
    pages.push({
      page,
      html,
      firstVisit: {
        identity: html.identity + css.identity,
        gzip: html.gzip + css.gzip,
        br: html.br + css.br,
      },
      before: html.identity + cssBefore,
    });
  }
  return { stylesheet: { ...css, before: cssBefore }, pages };
}

async function loadOnce(
  browser: Browser,
  url: string,
  throttle: boolean,
  identity: boolean,
): Promise<{ ms: number; bytes: number }> {
  const context = await browser.newContext({ locale: 'nb-NO' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttle) await cdp.send('Network.emulateNetworkConditions', REGULAR_3G);
    if (identity)
      await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'load' });
    const ms = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return entry!.loadEventStart - entry!.startTime;
    });
    return { ms, bytes };
  } finally {
    await context.close();
  }
}

/** The form, loaded throttled and not, in turns (so that a busy moment hits both alike). */
export async function measureThrottledLoad(
  stack: LocalStack,
  runs = 5,
  page = '/apply/alis-nord',
): Promise<ThrottledLoad> {
  const browser = await playwright.launch({
    executablePath: await chromium.executablePath(),
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage'],
    headless: true,
  });
  try {
    const url = `${stack.baseUrl}${page}`;
    await loadOnce(browser, url, false, false); // warm-up: the stack's first render
    const plain: number[] = [];
    const slow: number[] = [];
    const slowIdentity: number[] = [];
    const transferred: number[] = [];
    for (let i = 0; i < runs; i++) {
      plain.push((await loadOnce(browser, url, false, false)).ms);
      const throttled = await loadOnce(browser, url, true, false);
      slow.push(throttled.ms);
      transferred.push(throttled.bytes);
      slowIdentity.push((await loadOnce(browser, url, true, true)).ms);
    }
    const unthrottledMs = Math.round(median(plain));
    const throttledMs = Math.round(median(slow));
    return {
      page,
      runs,
      unthrottledMs,
      throttledMs,
      throttledIdentityMs: Math.round(median(slowIdentity)),
      transferredBytes: Math.round(median(transferred)),
      ratio: Math.round((throttledMs / Math.max(1, unthrottledMs)) * 10) / 10,
    };
  } finally {
    await browser.close();
  }
}
