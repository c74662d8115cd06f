// Reading API Gateway (HTTP API, payload 2.0) requests and writing answers. No business rules.

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

/** A static file that never changes under its name (the name carries its content hash). */
export function immutableFile(contentType: string, body: string): Response {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      ...SECURITY_HEADERS,
    },
    body,
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
