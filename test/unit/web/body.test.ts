import { describe, expect, it } from 'vitest';
import { BodyError, bodyFields, readBody } from '../../../shared/web/body.js';
import { MAX_BODY_BYTES, MalformedJsonError } from '../../../shared/web/http.js';
import { FORM, JSON_BODY, request } from './support.js';

const post = (headers: Record<string, string>, body: string, isBase64Encoded = false) => ({
  ...request('POST /applications', { headers, body }),
  isBase64Encoded,
});

describe('reading a body', () => {
  it('reads JSON and form posts, base64 or not', () => {
    expect(readBody(post(JSON_BODY, '{"a":1}'))).toEqual({ kind: 'json', value: { a: 1 } });
    const encoded = Buffer.from('a=%C3%A6&b=2').toString('base64');
    const form = readBody(post(FORM, encoded, true));
    expect(form.kind === 'form' && Object.fromEntries(form.form)).toEqual({ a: 'æ', b: '2' });
  });

  it('refuses an unknown content type with 415, a large body with 413, bad JSON as such', () => {
    expect(() => readBody(post({ 'content-type': 'text/plain' }, 'x'))).toThrow(
      expect.objectContaining({ status: 415 }),
    );
    expect(() => readBody(post(FORM, 'a'.repeat(MAX_BODY_BYTES + 1)))).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(() => readBody(post(FORM, 'a'.repeat(MAX_BODY_BYTES + 1)))).toThrow(BodyError);
    expect(() => readBody(post(JSON_BODY, '{'))).toThrow(MalformedJsonError);
  });

  it('gives the fields of a form or a JSON object, and none of other JSON', () => {
    expect(bodyFields({ kind: 'form', form: new URLSearchParams('decision=approve') })).toEqual({
      decision: 'approve',
    });
    expect(bodyFields({ kind: 'json', value: { decision: 'reject' } })).toEqual({
      decision: 'reject',
    });
    expect(bodyFields({ kind: 'json', value: ['approve'] })).toEqual({});
    expect(bodyFields({ kind: 'json', value: null })).toEqual({});
  });
});
