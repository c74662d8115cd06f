// The last edges of input, through the local stack's API Gateway: HEAD on pages and assets, bytes
// that are not UTF-8 (raw in a form, and in a JSON body the gateway hands over as text), another
// charset, a repeated field. Each refused request changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import { FIXTURES, mail } from '../support/api.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('HEAD', () => {
  it('answers as GET without a body, on pages and the stylesheet', async () => {
    const landing = await fetch(`${stack.baseUrl}/`);
    const stylesheet = /href="(\/assets\/[^"]+)"/.exec(await landing.text())![1]!;
    for (const path of ['/', '/apply/alis-nord', '/calculator', '/staff/login', stylesheet]) {
      const [get, head] = await Promise.all([
        fetch(`${stack.baseUrl}${path}`),
        fetch(`${stack.baseUrl}${path}`, { method: 'HEAD' }),
      ]);
      expect(head.status, path).toBe(get.status);
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'));
      expect(await head.text(), path).toBe('');
    }
    expect((await fetch(`${stack.baseUrl}/nowhere`, { method: 'HEAD' })).status).toBe(404);
  });
});

describe('bodies', () => {
  const post = (headers: Record<string, string>, body: Uint8Array | string) =>
    fetch(`${stack.baseUrl}/applications`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    });

  it('refuses invalid UTF-8 with 400 invalid-encoding, raw or in a JSON text', async () => {
    // "ø" is C3 B8; its first byte alone is not UTF-8.
    const text = Buffer.from(JSON.stringify(FIXTURES['alis-nord']));
    const at = text.indexOf(Buffer.from('ø'));
    const broken = Buffer.concat([text.subarray(0, at + 1), text.subarray(at + 2)]);
    const asJson = await post(
      { 'content-type': 'application/json', 'idempotency-key': 'bad-utf8' },
      broken,
    );
    expect(asJson.status).toBe(400);
    expect((await asJson.json()).errors[0].code).toBe('invalid-encoding');

    const form = await post(
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      Buffer.concat([Buffer.from('programme=alis-nord&contact.name=K'), Buffer.from([0xc3])]),
    );
    expect(form.status).toBe(400);
    expect((await form.json()).errors[0].code).toBe('invalid-encoding');
  });

  it('refuses another charset with 415 and a repeated field with 400 repeated', async () => {
    const utf16 = await post(
      { 'content-type': 'application/json; charset=utf-16' },
      Buffer.from(JSON.stringify(FIXTURES['alis-nord']), 'utf16le'),
    );
    expect(utf16.status).toBe(415);
    const repeated = await post(
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      'programme=alis-nord&programme=alis-vest',
    );
    expect(repeated.status).toBe(400);
    expect((await repeated.json()).errors).toEqual([
      expect.objectContaining({ path: 'programme', code: 'repeated' }),
    ]);
    expect(await mail(stack.baseUrl)).toEqual([]);
  });
});
