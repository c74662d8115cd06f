// Reading a request body the routes accept: JSON or a form post, within the size limit, in UTF-8.
// A body the routes cannot read throws, and the error answers turn that into 413, 415 or 400.
// Everything a body can be refused for is decided here, once, for every route that reads one; the
// router also reads any body a route would ignore, so no path takes bytes it would refuse here.

import { ValidationError } from '../errors.js';
import { LIST_FIELDS, refuseRepeatedFields } from './form/lists.js';
import { MAX_BODY_BYTES, bodyKind, header, parseJsonText, rawBody, type Request } from './http.js';

/** A body that cannot be read at all; `status` is the answer's status code. */
export class BodyError extends Error {
  override name = 'BodyError';

  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export type Body = { kind: 'json'; value: unknown } | { kind: 'form'; form: URLSearchParams };

const INVALID_ENCODING = new ValidationError([
  {
    path: '',
    code: 'invalid-encoding',
    message: 'Forespørselen er ikke gyldig UTF-8. Send teksten som UTF-8.',
  },
]);

// Read once per request: the router checks a body before the route reads it.
const read = new WeakMap<Request, Body>();

export function readBody(request: Request): Body {
  const known = read.get(request);
  if (known) return known;
  const kind = bodyKind(request);
  if (kind === 'unsupported') {
    throw new BodyError(
      415,
      'Ukjent innholdstype',
      'Send søknaden som JSON (application/json) eller fra skjemaet.',
    );
  }
  if (!isUtf8Charset(header(request, 'content-type') ?? '')) {
    throw new BodyError(
      415,
      'Ukjent tegnsett',
      'Send forespørselen i tegnsettet UTF-8 (charset=utf-8), eller uten tegnsett.',
    );
  }
  const bytes = rawBody(request);
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new BodyError(
      413,
      'For stor forespørsel',
      `Forespørselen kan være høyst ${MAX_BODY_BYTES / 1024} kB.`,
    );
  }
  const text = utf8(bytes);
  let body: Body;
  if (kind === 'json') {
    const value = parseJsonText(text);
    if (!wellFormedStrings(value)) throw INVALID_ENCODING;
    body = { kind, value };
  } else {
    const form = parseForm(text);
    refuseRepeatedFields(form);
    body = { kind, form };
  }
  read.set(request, body);
  return body;
}

/** Whether a request carries a body at all (an empty form post is no body to check). */
export function hasBody(request: Request): boolean {
  return typeof request.body === 'string' && request.body.length > 0;
}

/** The body's fields as a record: a form's fields, or a JSON object's (nothing for other JSON). */
export function bodyFields(body: Body): Record<string, unknown> {
  if (body.kind === 'form') {
    const fields: Record<string, unknown> = {};
    for (const name of new Set(body.form.keys())) {
      fields[name] = LIST_FIELDS.has(name) ? body.form.getAll(name) : body.form.get(name);
    }
    return fields;
  }
  return isRecord(body.value) ? body.value : {};
}

/** No charset, or UTF-8 by any of its spellings; any other declared charset is refused. */
function isUtf8Charset(contentType: string): boolean {
  for (const parameter of contentType.split(';').slice(1)) {
    const equals = parameter.indexOf('=');
    if (equals < 0) continue;
    if (parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    const value = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as text, refusing what is not UTF-8. U+FFFD is refused too: it is what a decoder
 * leaves for bytes it could not read, and API Gateway hands text bodies (JSON) over already
 * decoded, so in a text body broken bytes arrive as U+FFFD. Nobody types it.
 */
function utf8(bytes: Buffer): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw INVALID_ENCODING;
  }
  if (text.includes('\ufffd')) throw INVALID_ENCODING;
  return text;
}

/**
 * `application/x-www-form-urlencoded` as URLSearchParams parses it, except that a percent-encoded
 * byte sequence that is not UTF-8 is refused rather than turned into U+FFFD. A `%` not followed by
 * two hex digits stays as it is, as in URLSearchParams.
 */
function parseForm(text: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    form.append(decodeComponent(name), decodeComponent(value));
  }
  return form;
}

function decodeComponent(component: string): string {
  const plain = component.replace(/\+/g, ' ');
  if (!plain.includes('%')) return plain;
  const bytes: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    const hex = plain.slice(i + 1, i + 3);
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // Text outside the escapes was already checked as UTF-8; code points back to their bytes.
      const codePoint = plain.codePointAt(i)!;
      if (codePoint > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
    }
  }
  return utf8(Buffer.from(bytes));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string in a parsed JSON value is well-formed Unicode (no lone surrogate from a `\u` escape). */
function wellFormedStrings(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (LONE_SURROGATE.test(next) || next.includes('\ufffd')) return false;
    } else if (Array.isArray(next)) {
      for (const child of next) pending.push(child);
    } else if (isRecord(next)) {
      for (const [key, child] of Object.entries(next)) pending.push(key, child);
    }
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
