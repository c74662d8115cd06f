import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FunctionError } from '../../../infra/local/lambda.js';
import {
  MAX_BODY_BYTES,
  Router,
  buildEvent,
  createHttpHandler,
  json,
  toAnswer,
  type HttpHandlerDeps,
  type RouteMatch,
} from '../../../infra/local/http.js';

const web = (routeKey: string) => ({ routeKey, function: 'web' as const });

describe('Router', () => {
  const router = new Router([
    web('GET /'),
    web('GET /apply/{programme}'),
    web('GET /apply/special'),
    web('POST /decisions/{token}'),
    web('ANY /decisions/{token}'),
    web('GET /files/{proxy+}'),
  ]);

  it('matches methods and paths as API Gateway does, most specific first', () => {
    expect(router.match('GET', '/')?.route.routeKey).toBe('GET /');
    expect(router.match('GET', '/apply/alis-nord')).toEqual({
      route: web('GET /apply/{programme}'),
      pathParameters: { programme: 'alis-nord' },
    });
    expect(router.match('GET', '/apply/special')?.route.routeKey).toBe('GET /apply/special');
    expect(router.match('POST', '/decisions/abc')?.route.routeKey).toBe('POST /decisions/{token}');
    expect(router.match('DELETE', '/decisions/abc')?.route.routeKey).toBe('ANY /decisions/{token}');
    expect(router.match('GET', '/files/a/b%20c.txt')?.pathParameters).toEqual({
      proxy: 'a/b c.txt',
    });
  });

  it('finds nothing for other methods, paths or extra segments', () => {
    expect(router.match('POST', '/')).toBeUndefined();
    expect(router.match('GET', '/apply')).toBeUndefined();
    expect(router.match('GET', '/apply/')).toBeUndefined();
    expect(router.match('GET', '/apply/alis-nord/extra')).toBeUndefined();
    expect(new Router([web('$default')]).match('PATCH', '/anything')?.route.routeKey).toBe(
      '$default',
    );
  });
});

describe('buildEvent', () => {
  const match: RouteMatch = {
    route: web('POST /decisions/{token}'),
    pathParameters: { token: 'abc' },
  };
  const request = (headers: string[], body = '') => ({
    method: 'POST',
    url: '/decisions/abc?x=1&x=2&y=%C3%A6',
    rawHeaders: headers,
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    now: Date.parse('2026-11-02T10:00:00Z'),
    port: 3000,
  });

  it('builds a payload format 2.0 event', () => {
    const event = buildEvent(
      request(
        [
          'Host',
          '127.0.0.1:3000',
          'Content-Type',
          'application/json',
          'X-Multi',
          'a',
          'X-Multi',
          'b',
          'Cookie',
          'a=1; b=2',
        ],
        '{"k":1}',
      ),
      match,
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /decisions/{token}',
      rawPath: '/decisions/abc',
      rawQueryString: 'x=1&x=2&y=%C3%A6',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { x: '1,2', y: 'æ' },
      pathParameters: { token: 'abc' },
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/decisions/abc', sourceIp: '127.0.0.1' },
        routeKey: 'POST /decisions/{token}',
        stage: '$default',
        timeEpoch: Date.parse('2026-11-02T10:00:00Z'),
        time: '02/Nov/2026:10:00:00 +0000',
      },
    });
    expect(event.headers).toMatchObject({
      host: '127.0.0.1:3000',
      'content-type': 'application/json',
      'x-multi': 'a,b',
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.requestContext.requestId).toMatch(/^\S{16}$/);
  });

  it('base64-encodes bodies API Gateway does not pass as text (form posts included)', () => {
    const form = buildEvent(
      request(
        ['Content-Type', 'application/x-www-form-urlencoded'],
        'decision=approve&comment=%C3%A6',
      ),
      match,
    );
    expect(form.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.body!, 'base64').toString()).toBe('decision=approve&comment=%C3%A6');
    const none = buildEvent(request([]), match);
    expect(none.body).toBeUndefined();
    expect(none.isBase64Encoded).toBe(false);
  });
});

describe('toAnswer', () => {
  it('writes a structured result back, base64 bodies decoded', () => {
    const answer = toAnswer({
      statusCode: 303,
      headers: { Location: '/x', 'X-N': 5 },
      cookies: ['s=1; HttpOnly', 't=2'],
      body: Buffer.from([0, 1, 2]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer).toEqual({
      statusCode: 303,
      headers: { location: '/x', 'x-n': '5' },
      cookies: ['s=1; HttpOnly', 't=2'],
      body: Buffer.from([0, 1, 2]),
    });
  });

  it('treats other results as API Gateway does', () => {
    expect(toAnswer('hi')).toMatchObject({ statusCode: 200, body: Buffer.from('hi') });
    expect(toAnswer({ a: 1 })).toMatchObject({ statusCode: 200, body: Buffer.from('{"a":1}') });
    expect(toAnswer({ statusCode: 'nope' }).statusCode).toBe(500);
  });
});

describe('the HTTP server', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(
    invoke: HttpHandlerDeps['invoke'],
    log?: (line: string) => void,
  ): Promise<string> {
    server = http.createServer(
      createHttpHandler({
        router: new Router([web('GET /hello/{name}'), web('POST /upload')]),
        invoke,
        log,
        now: () => Date.parse('2026-11-02T10:00:00Z'),
        control: async (method, path, body) =>
          json(200, { method, path, body: body.toString('utf8') }),
      }),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it('hands matched requests to the function and writes its answer, cookies as Set-Cookie', async () => {
    let seen: APIGatewayProxyEventV2 | undefined;
    const base = await serve(async (_key, event) => {
      seen = event;
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        cookies: ['a=1', 'b=2'],
        body: `hei ${event.pathParameters?.name}`,
      };
    });
    const response = await fetch(`${base}/hello/verden?q=1`, { headers: { cookie: 'c=3' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hei verden');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('apigw-requestid')).toBe(seen?.requestContext.requestId);
    expect(seen?.cookies).toEqual(['c=3']);
  });

  it('logs the route template and status, never the path with its token', async () => {
    const lines: string[] = [];
    const base = await serve(
      async () => ({ statusCode: 200 }),
      (line) => lines.push(line),
    );
    await fetch(`${base}/hello/s3cret-token?q=1`);
    await fetch(`${base}/nowhere/s3cret-token`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/hello\/\{name\} → 200 \(\d+ ms\)$/);
    expect(lines[1]).toMatch(/^GET \(no route\) → 404/);
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('answers 404 like API Gateway when no route matches', async () => {
    const base = await serve(async () => ({ statusCode: 200 }));
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('refuses bodies over 10 MB with 413', async () => {
    const base = await serve(async () => ({ statusCode: 200 }));
    const response = await fetch(`${base}/upload`, {
      method: 'POST',
      body: Buffer.alloc(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
  });

  it('answers 500 (and no internals) when the function throws, 503 when it times out', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let error: Error = new FunctionError('Boom', 'secret detail');
    const base = await serve(async () => {
      throw error;
    });
    const failed = await fetch(`${base}/hello/x`);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
    error = new FunctionError('Sandbox.Timedout', 'Task timed out');
    expect((await fetch(`${base}/hello/x`)).status).toBe(503);
    expect(logged).toHaveBeenCalledTimes(2); // as the function's log would show it
    logged.mockRestore();
  });

  it('hands every /_local/ request to the control handler, and logs none of them', async () => {
    const lines: string[] = [];
    const base = await serve(
      async () => ({ statusCode: 200 }),
      (line) => lines.push(line),
    );
    const answer = await fetch(`${base}/_local/advance`, { method: 'POST', body: '{"to":1}' });
    expect(await answer.json()).toEqual({
      method: 'POST',
      path: '/_local/advance',
      body: '{"to":1}',
    });
    expect(await (await fetch(`${base}/_local/anything?x=1`)).json()).toMatchObject({
      method: 'GET',
      path: '/_local/anything',
    });
    expect(lines).toEqual([]);
  });
});
