import { describe, expect, it } from 'vitest';
import { BodyError, bodyFields, readBody } from '../../../shared/web/body.js';
import { MAX_BODY_BYTES, MalformedJsonError } from '../../../shared/web/http.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { formSections } from '../../../shared/web/form/fields.js';
import { LIST_FIELDS } from '../../../shared/web/form/lists.js';
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

describe('reading a body strictly', () => {
  const invalid = expect.objectContaining({
    errors: [expect.objectContaining({ code: 'invalid-encoding' })],
  });

  it('refuses bytes that are not UTF-8, raw or percent-encoded, and U+FFFD', () => {
    const raw = Buffer.concat([Buffer.from('a='), Buffer.from([0xff])]).toString('base64');
    expect(() => readBody(post(FORM, raw, true))).toThrow(invalid);
    expect(() => readBody(post(FORM, 'a=%C3%28'))).toThrow(invalid);
    expect(() => readBody(post(FORM, 'a=%ED%A0%80'))).toThrow(invalid);
    expect(() => readBody(post(JSON_BODY, '{"a":"\ufffd"}'))).toThrow(invalid);
    expect(() => readBody(post(JSON_BODY, '{"a":"\\ud800"}'))).toThrow(invalid);
  });

  it('reads a form as URLSearchParams would, where it is UTF-8', () => {
    for (const text of ['a=%C3%A6+b&c', 'a=%&b=%Z1&=x', 'a=%F0%9F%99%82&æ=ø']) {
      const body = readBody(post(FORM, text));
      expect(body.kind === 'form' && [...body.form]).toEqual([...new URLSearchParams(text)]);
    }
  });

  it('takes UTF-8 by any spelling and refuses another declared charset with 415', () => {
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8']) {
      expect(
        readBody(post({ 'content-type': `application/json; charset=${charset}` }, '1')),
      ).toEqual({ kind: 'json', value: 1 });
    }
    for (const charset of ['utf-16', 'iso-8859-1', '"latin1"']) {
      expect(() =>
        readBody(
          post({ 'content-type': `application/x-www-form-urlencoded;charset=${charset}` }, 'a=1'),
        ),
      ).toThrow(expect.objectContaining({ status: 415 }));
    }
  });

  it('refuses a repeated field unless it is a list by design', () => {
    expect(() => readBody(post(FORM, 'a=1&b=2&a=3'))).toThrow(
      expect.objectContaining({
        errors: [expect.objectContaining({ path: 'a', code: 'repeated' })],
      }),
    );
    const lists = readBody(
      post(FORM, 'instalment=1&instalment=2&practice.equipment=x&practice.equipment=y'),
    );
    expect(lists.kind === 'form' && bodyFields(lists)).toEqual({
      instalment: ['1', '2'],
      'practice.equipment': ['x', 'y'],
    });
  });

  it('counts every checkbox group of the application form as a list', () => {
    for (const programme of Object.values(PROGRAMMES)) {
      for (const round of programme.rounds) {
        const groups = formSections(programme, round)
          .flatMap((s) => s.fields)
          .filter((f) => f.kind === 'checkboxes');
        for (const group of groups) expect(LIST_FIELDS.has(group.path)).toBe(true);
      }
    }
  });
});
