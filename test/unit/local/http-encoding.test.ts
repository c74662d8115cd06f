// The local HTTP API writes a compressed answer as API Gateway does: the function's base64 body
// decoded to its bytes, Content-Encoding and Vary passed through, Content-Length of the bytes sent.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

import { createHttpHandler, json, Router } from '../../../infra/local/http.js';
import { encodeAnswer, html } from '../../../shared/web/http.js';

const PAGE = `<!doctype html><p>${'Søknad om ALIS-tilskudd. '.repeat(200)}</p>`;

describe('the local HTTP API and compressed answers', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(): Promise<string> {
    server = http.createServer(
      createHttpHandler({
        router: new Router([{ routeKey: 'GET /page', function: 'web' }]),
        // What the web handler does on its way out, on the event the local API built.
        invoke: async (_key, event) =>
          JSON.parse(JSON.stringify(encodeAnswer(event, html(200, PAGE)))),
        now: () => Date.parse('2026-11-02T10:00:00Z'),
        control: async () => json(404, {}),
      }),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  function get(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  }

  it('sends the bytes, not the base64, with Content-Encoding, Vary and their length', async () => {
    const base = await serve();
    const { headers, body } = await get(`${base}/page`, { 'accept-encoding': 'br' });
    expect(headers['content-encoding']).toBe('br');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(Number(headers['content-length'])).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(PAGE) / 5);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(PAGE);
  });

  it('sends the page as it is to a client that asks for no coding', async () => {
    const base = await serve();
    const { headers, body } = await get(`${base}/page`, {});
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.toString('utf8')).toBe(PAGE);
  });

  it('gives a client that decodes (fetch) the page itself', async () => {
    const base = await serve();
    const response = await fetch(`${base}/page`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(await response.text()).toBe(PAGE);
  });
});
