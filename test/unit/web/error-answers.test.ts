import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  ValidationError,
  WorkflowDataError,
} from '../../../shared/errors.js';
import { BodyError } from '../../../shared/web/body.js';
import { answerError } from '../../../shared/web/error-answers.js';
import { MalformedJsonError } from '../../../shared/web/http.js';
import { JSON_BODY, request } from './support.js';

afterEach(() => vi.restoreAllMocks());

const page = request('GET /status/{token}');
const api = request('POST /applications', { headers: JSON_BODY });
const FIELD = { path: 'contact.email', code: 'invalid', message: 'Skriv en gyldig e-postadresse.' };

describe('errors as answers', () => {
  it.each([
    ['a body that cannot be read', new BodyError(415, 'Ukjent innholdstype', 'Send JSON.'), 415],
    ['a missing link', new NotFoundError('x'), 404],
    ['an expired link', new GoneError('x'), 410],
    ['a conflict', new ConflictError([FIELD]), 409],
  ])('answers %s as a page to a browser', (_name, error, status) => {
    const answer = answerError(page, error);
    expect(answer.statusCode).toBe(status);
    expect(answer.headers?.['content-type']).toMatch(/^text\/html/);
  });

  it.each([
    [
      'a body that cannot be read',
      new BodyError(413, 'For stor', 'Høyst 64 kB.'),
      413,
      'payload-too-large',
    ],
    ['an expired link', new GoneError('x'), 410, 'gone'],
    ['malformed JSON', new MalformedJsonError('x'), 400, 'malformed-json'],
  ])('answers %s in JSON to a JSON client, with a code', (_name, error, status, code) => {
    const answer = answerError(api, error);
    expect(answer.statusCode).toBe(status);
    expect(JSON.parse(answer.body!).errors[0].code).toBe(code);
  });

  it('answers field errors as they are', () => {
    expect(JSON.parse(answerError(api, new ValidationError([FIELD])).body!)).toEqual({
      errors: [FIELD],
    });
    expect(JSON.parse(answerError(api, new ConflictError([FIELD])).body!)).toEqual({
      errors: [FIELD],
    });
  });

  it('logs an unexpected error and answers 500 without its details', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = answerError(api, new WorkflowDataError('the table holds secret-123'));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('secret-123');
    expect(JSON.parse(answer.body!).errors[0].code).toBe('internal-error');
    expect(log).toHaveBeenCalledOnce();
  });
});
