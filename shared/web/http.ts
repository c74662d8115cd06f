// Reading API Gateway (HTTP API, payload 2.0) requests and writing answers. No business rules.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CSV_CONTENT_TYPE } from '../presentation/finance-csv.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type Request = APIGatewayProxyEventV2;
export type Response = APIGatewayProxyStructuredResultV2;

/** What answers one route key. */
export type Route = (request: Request) => Promise<Response>;

/** Largest application body accepted; the nine content items fit many times over. */
export const MAX_BODY_BYTES = 64 * 1024;

// Tokens travel in paths, so no page may leak its URL through a Referer header.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

export function html(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): Response {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body,
  };
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** A body already compressed, base64, by content coding. */
export type Precompressed = Readonly<Partial<Record<Exclude<Encoding, 'identity'>, string>>>;

/** Answers whose compressed forms were made once, ahead of the request (see `encodeAnswer`). */
const precompressed = new WeakMap<Response, Precompressed>();

/**
 * A static file that never changes under its name (the name carries its content hash).
 * `encoded`: the same body compressed ahead of time, so that no request pays for it.
 */
export function immutableFile(
  contentType: string,
  body: string,
  encoded?: Precompressed,
): Response {
  const response: Response = {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      ...SECURITY_HEADERS,
    },
    body,
  };
  if (encoded) precompressed.set(response, encoded);
  return response;
}

/** The content codings we answer in, best first where a client likes them equally. */
export type Encoding = 'br' | 'gzip' | 'identity';
const CODINGS = ['br', 'gzip'] as const;

/**
 * The coding to answer in, from an Accept-Encoding header (RFC 9110, 12.5.3): the highest q-value
 * among those we offer, brotli before gzip on a tie; `*` stands for any coding the header does not
 * name; `q=0` refuses. No header, or nothing acceptable: identity (an answer is never refused).
 */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!coding) continue;
    let q: number | undefined = 1;
    for (const param of params) {
      const m = /^q\s*=\s*(.*)$/.exec(param);
      // A weight is 0 to 1 with at most three decimals; a coding with any other is ignored.
      if (m) q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(m[1]!) ? Number(m[1]) : undefined;
    }
    if (q === undefined) continue;
    // x-gzip is gzip (RFC 9110, 8.4.1.3).
    weights.set(coding === 'x-gzip' ? 'gzip' : coding, q);
  }
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const coding of CODINGS) {
    const q = weights.get(coding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** Below this a compressed body saves less than the headers cost; sent as it is. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Text that compresses; images we serve none of, and binary answers arrive base64 already. */
function isCompressible(contentType: string | undefined): boolean {
  return /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/i.test(contentType ?? '');
}

/** Per request: fast settings, a page is made for one reader (the stylesheet is made once). */
function compress(body: Buffer, encoding: Exclude<Encoding, 'identity'>): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: 6 });
}

function headerValue(headers: Response['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return String(value);
  }
  return undefined;
}

/**
 * The answer compressed as the request allows (Accept-Encoding), for API Gateway's HTTP API
 * compresses nothing itself: the body base64 with `isBase64Encoded`, as it takes binary bodies,
 * and `Content-Encoding`. Every text answer large enough to compress says `Vary: Accept-Encoding`,
 * compressed or not, so that a cache keeps the forms apart.
 */
export function encodeAnswer(request: Request, response: Response): Response {
  const { body } = response;
  if (typeof body !== 'string' || response.isBase64Encoded) return response;
  const headers = response.headers ?? {};
  if (headerValue(headers, 'content-encoding') !== undefined) return response;
  if (!isCompressible(headerValue(headers, 'content-type'))) return response;
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes < MIN_COMPRESSED_BYTES) return response;
  const vary = headerValue(headers, 'vary');
  const varied = Object.fromEntries(
    Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'vary'),
  );
  varied.vary = vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding';
  const encoding = negotiateEncoding(header(request, 'accept-encoding'));
  if (encoding === 'identity') return { ...response, headers: varied };
  const encoded =
    precompressed.get(response)?.[encoding] ??
    compress(Buffer.from(body, 'utf8'), encoding).toString('base64');
  return {
    ...response,
    headers: { ...varied, 'content-encoding': encoding },
    body: encoded,
    isBase64Encoded: true,
  };
}

/** 303 See Other: after a POST, the browser GETs `location`. */
export function redirect(location: string, cookies?: string[]): Response {
  return {
    statusCode: 303,
    headers: { location, 'cache-control': 'no-store', ...SECURITY_HEADERS },
    ...(cookies && { cookies }),
    body: '',
  };
}

/** 302 Found: a GET sent elsewhere first (to the sign-in page), to come back later. */
export function found(location: string): Response {
  return {
    statusCode: 302,
    headers: { location, 'cache-control': 'no-store', ...SECURITY_HEADERS },
    body: '',
  };
}

/** A CSV file to download, under `filename`. */
export function csvFile(body: string, filename: string, headers: Record<string, string> = {}) {
  return {
    statusCode: 200,
    headers: {
      'content-type': CSV_CONTENT_TYPE,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body,
  } satisfies Response;
}

/**
 * A file to download or open (a PDF, a zip), under `filename`: binary, so base64 with
 * `isBase64Encoded`, as API Gateway takes it (and the local stack's server). No content security
 * policy: it is for pages, and a browser's own PDF viewer may refuse to run under `default-src
 * 'none'`; the file is never sniffed as anything else.
 */
export function binaryFile(
  contentType: string,
  bytes: Uint8Array,
  filename: string,
  disposition: 'inline' | 'attachment',
): Response {
  const { 'content-security-policy': _pagesOnly, ...headers } = SECURITY_HEADERS;
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `${disposition}; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
      ...headers,
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

/** The value of a request cookie; API Gateway (payload 2.0) hands cookies over as a list. */
export function cookie(request: Request, name: string): string | undefined {
  for (const pair of request.cookies ?? []) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

/**
 * The query as sent. API Gateway also gives `queryStringParameters`, but joins a repeated
 * parameter's values with commas, which would hide the repetition; the raw string keeps it.
 */
export function queryOf(request: Request): URLSearchParams {
  if (request.rawQueryString) return new URLSearchParams(request.rawQueryString);
  return new URLSearchParams(request.queryStringParameters as Record<string, string> | undefined);
}

export function header(request: Request, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** A path parameter of the matched route, '' when absent. */
export function param(request: Request, name: string): string {
  return request.pathParameters?.[name] ?? '';
}

export type BodyKind = 'json' | 'form' | 'unsupported';

export function bodyKind(request: Request): BodyKind {
  const type = (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return 'unsupported';
}

export function rawBody(request: Request): Buffer {
  if (!request.body) return Buffer.alloc(0);
  return request.isBase64Encoded
    ? Buffer.from(request.body, 'base64')
    : Buffer.from(request.body, 'utf8');
}

export function wantsJson(request: Request): boolean {
  const accept = header(request, 'accept') ?? '';
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

export class MalformedJsonError extends Error {
  override name = 'MalformedJsonError';
}

/** Deeper bodies are refused before parsing; no application nests beyond a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** JSON nested deeper than MAX_JSON_DEPTH: refused as such rather than walked by anything. */
export class TooDeepJsonError extends Error {
  override name = 'TooDeepJsonError';
}

export function parseJson(body: Buffer): unknown {
  return parseJsonText(body.toString('utf8'));
}

export function parseJsonText(text: string): unknown {
  // A second line of defence: validation already refuses deep values, but every function that walks
  // a parsed body (hashing, logging, a new route) would otherwise meet thousands of levels first.
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new TooDeepJsonError('JSON nested too deep');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError('Body is not JSON', { cause: error });
  }
}

/** The deepest nesting of brackets and braces outside strings; a linear scan, no recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
