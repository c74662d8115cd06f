// The JSON depth limit: a second line of defence in front of everything that walks a parsed body.

import { describe, expect, it } from 'vitest';
import {
  MAX_JSON_DEPTH,
  TooDeepJsonError,
  nestingDepth,
  parseJson,
} from '../../../shared/web/http.js';
import { route } from '../../../shared/web/router.js';
import { JSON_BODY, request } from './support.js';

describe('parseJson', () => {
  it('parses JSON up to the limit and refuses deeper, counting brackets outside strings only', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseJson(Buffer.from(deep(MAX_JSON_DEPTH)))).toBeInstanceOf(Array);
    expect(() => parseJson(Buffer.from(deep(MAX_JSON_DEPTH + 1)))).toThrow(TooDeepJsonError);
    // Brackets inside strings, escaped quotes among them, are text.
    expect(nestingDepth(JSON.stringify({ a: `\\"${'['.repeat(500)}` }))).toBe(1);
  });

  it('answers 400 too-deep, in bokmål, for a body nested thousands of levels in an unknown field', async () => {
    const body = `{"extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const answer = await route(request('POST /applications', { headers: JSON_BODY, body }));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body!)).toEqual({
      errors: [{ path: '', code: 'too-deep', message: 'Forespørselen har mer enn 64 nivåer.' }],
    });
  });
});
