// Reading a request body the routes accept: JSON or a form post, within the size limit. A body the
// routes cannot read throws, and the error answers turn that into 413, 415 or 400.

import { MAX_BODY_BYTES, bodyKind, parseJson, rawBody, type Request } from './http.js';

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

export function readBody(request: Request): Body {
  const kind = bodyKind(request);
  if (kind === 'unsupported') {
    throw new BodyError(
      415,
      'Ukjent innholdstype',
      'Send søknaden som JSON (application/json) eller fra skjemaet.',
    );
  }
  const body = rawBody(request);
  if (body.byteLength > MAX_BODY_BYTES) {
    throw new BodyError(
      413,
      'For stor forespørsel',
      `Forespørselen kan være høyst ${MAX_BODY_BYTES / 1024} kB.`,
    );
  }
  return kind === 'json'
    ? { kind, value: parseJson(body) }
    : { kind, form: new URLSearchParams(body.toString('utf8')) };
}

/** The body's fields as a record: a form's fields, or a JSON object's (nothing for other JSON). */
export function bodyFields(body: Body): Record<string, unknown> {
  if (body.kind === 'form') return Object.fromEntries(body.form);
  return isRecord(body.value) ? body.value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
