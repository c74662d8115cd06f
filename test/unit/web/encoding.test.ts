// Answers compressed as the request allows: API Gateway's HTTP API passes the body through, so
// the web function compresses itself (shared/web/http.ts, encodeAnswer).

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedProgrammeSettings } from '../../support/seeded-settings.js';
import { handler } from '../../../functions/web/handler.js';
import {
  STYLESHEET,
  STYLESHEET_ENCODED,
  STYLESHEET_PATH,
} from '../../../shared/web/assets/designsystemet.generated.js';
import {
  encodeAnswer,
  html,
  immutableFile,
  json,
  MIN_COMPRESSED_BYTES,
  negotiateEncoding,
  redirect,
  type Response,
} from '../../../shared/web/http.js';
import { OPEN, request } from './support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP;Q=1, BR;q=0.5', 'gzip'],
    ['br;q=0.8, gzip;q=0.9', 'gzip'],
    ['br;q=0.9, gzip;q=0.9', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0.1', 'gzip'],
    ['*;q=0', 'identity'],
    ['identity;q=0', 'identity'],
    ['deflate, compress', 'identity'],
    ['br;q=2, gzip;q=nonsense', 'identity'],
    [' br ; q=0.7 ,gzip ; q = 0.6', 'br'],
  ] as const)('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

const PAGE = `<!doctype html><p>${'Søknad om ALIS-tilskudd. '.repeat(200)}</p>`;
const withEncoding = (accept?: string) =>
  request('GET /', accept === undefined ? {} : { headers: { 'Accept-Encoding': accept } });

function decoded(answer: Response): string {
  const body = Buffer.from(answer.body!, 'base64');
  const encoding = answer.headers?.['content-encoding'];
  return (encoding === 'br' ? brotliDecompressSync(body) : gunzipSync(body)).toString('utf8');
}

describe('encodeAnswer', () => {
  it.each(['br', 'gzip'] as const)('compresses a page in %s, base64, and says so', (coding) => {
    const answer = encodeAnswer(withEncoding(coding), html(200, PAGE));
    expect(answer.isBase64Encoded).toBe(true);
    expect(answer.headers).toMatchObject({
      'content-encoding': coding,
      vary: 'Accept-Encoding',
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    expect(decoded(answer)).toBe(PAGE);
    expect(Buffer.from(answer.body!, 'base64').length).toBeLessThan(Buffer.byteLength(PAGE) / 5);
  });

  it('sends the page as it is without Accept-Encoding, still varying on it', () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const answer = encodeAnswer(withEncoding(accept), html(200, PAGE));
      expect(answer.body).toBe(PAGE);
      expect(answer.isBase64Encoded).toBeUndefined();
      expect(answer.headers?.['content-encoding']).toBeUndefined();
      expect(answer.headers?.vary).toBe('Accept-Encoding');
    }
  });

  it('leaves small answers, redirects and bodies that are not text alone', () => {
    const small = html(200, 'x'.repeat(MIN_COMPRESSED_BYTES - 1));
    expect(encodeAnswer(withEncoding('br'), small)).toBe(small);
    const moved = redirect('/receipt/x');
    expect(encodeAnswer(withEncoding('br'), moved)).toBe(moved);
    const binary: Response = {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(4096).toString('base64'),
      isBase64Encoded: true,
    };
    expect(encodeAnswer(withEncoding('br'), binary)).toBe(binary);
  });

  it('compresses JSON too, and keeps a Vary the answer had', () => {
    const answer = encodeAnswer(
      withEncoding('gzip'),
      json(200, { items: Array.from({ length: 200 }, (_, i) => ({ i })) }, { Vary: 'Cookie' }),
    );
    expect(answer.headers?.['content-encoding']).toBe('gzip');
    expect(answer.headers?.vary).toBe('Cookie, Accept-Encoding');
    expect(answer.headers?.Vary).toBeUndefined();
    expect(JSON.parse(decoded(answer)).items).toHaveLength(200);
  });

  it('serves a precompressed file as it was made, not compressed again', () => {
    const made = { br: Buffer.from('made ahead').toString('base64') };
    const file = immutableFile('text/css; charset=utf-8', 'x'.repeat(4096), made);
    expect(encodeAnswer(withEncoding('br'), file).body).toBe(made.br);
    // A coding not made ahead is made on the spot.
    expect(decoded(encodeAnswer(withEncoding('gzip'), file))).toBe('x'.repeat(4096));
  });
});

describe('the web handler', () => {
  it('answers the form compressed to a browser that accepts it', async () => {
    const event = request('GET /apply/{programme}', {
      pathParameters: { programme: 'alis-nord' },
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    const answer = await handler(event);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['content-encoding']).toBe('br');
    const page = decoded(answer);
    expect(page).toContain('<form');
    expect(page).toContain(STYLESHEET_PATH);
  });

  it('answers the stylesheet in its precompressed forms, still cached for good', async () => {
    const file = STYLESHEET_PATH.slice('/assets/'.length);
    for (const coding of ['br', 'gzip'] as const) {
      const answer = await handler(
        request('GET /assets/{file}', {
          pathParameters: { file },
          headers: { 'accept-encoding': coding },
        }),
      );
      expect(answer.headers?.['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers?.['content-encoding']).toBe(coding);
      expect(answer.body).toBe(STYLESHEET_ENCODED[coding]);
      expect(decoded(answer)).toBe(STYLESHEET);
    }
  });
});
