// The HTTP API locally: each request is matched against the template's routes and handed to its
// Lambda as an API Gateway HTTP API (payload format 2.0) event; the structured result is written
// back as API Gateway would. Paths under /_local/ are the local stack's own (control.ts).

import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

import type { FunctionName } from '../functions.js';
import { LOCAL_ACCOUNT, type RouteSpec } from './template.js';

/** API Gateway's limit for a request payload. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RouteMatch {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: RouteSpec;
  method: string;
  segments: Segment[] | 'default';
}

function compile(route: RouteSpec): CompiledRoute {
  if (route.routeKey === '$default') return { route, method: 'ANY', segments: 'default' };
  const [method = '', routePath = '/'] = route.routeKey.split(' ');
  const segments = routePath
    .split('/')
    .slice(1)
    .map((s): Segment => {
      const param = /^\{([^}+]+)(\+?)\}$/.exec(s);
      if (!param) return { kind: 'literal', value: s };
      return param[2]
        ? { kind: 'greedy', name: String(param[1]) }
        : { kind: 'param', name: String(param[1]) };
    });
  return { route, method: method.toUpperCase(), segments };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Rank of a match: literal segments beat variables, variables beat greedy ones, a method beats ANY. */
function tryMatch(
  c: CompiledRoute,
  method: string,
  parts: string[],
): { rank: number[]; params: Record<string, string> } | undefined {
  if (c.method !== 'ANY' && c.method !== method) return undefined;
  if (c.segments === 'default') return { rank: [-1], params: {} };
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < c.segments.length; i++) {
    const seg = c.segments[i]!;
    const part = parts[i];
    if (seg.kind === 'greedy') {
      if (part === undefined || i !== c.segments.length - 1) return undefined;
      params[seg.name] = decode(parts.slice(i).join('/'));
      rank.push(1);
      return { rank: [...rank, c.method === 'ANY' ? 0 : 1], params };
    }
    if (part === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (seg.value !== part) return undefined;
      rank.push(3);
    } else {
      if (part === '') return undefined;
      params[seg.name] = decode(part);
      rank.push(2);
    }
  }
  if (parts.length !== c.segments.length) return undefined;
  return { rank: [...rank, c.method === 'ANY' ? 0 : 1], params };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -2) - (b[i] ?? -2);
    if (d !== 0) return d;
  }
  return 0;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: RouteSpec[]) {
    this.compiled = routes.map(compile);
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split('/').slice(1);
    let best: { rank: number[]; params: Record<string, string>; route: RouteSpec } | undefined;
    for (const c of this.compiled) {
      const m = tryMatch(c, method.toUpperCase(), parts);
      if (m && (!best || compareRank(m.rank, best.rank) > 0)) best = { ...m, route: c.route };
    }
    return best && { route: best.route, pathParameters: best.params };
  }
}

/** Whether API Gateway passes a body of this type as text; anything else arrives base64-encoded. */
function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return /^(text\/|application\/(json|javascript|xml|[\w.+-]*\+json|[\w.+-]*\+xml)\b)/i.test(
    contentType.trim(),
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function apiGatewayTime(ms: number): string {
  const d = new Date(ms);
  // Not toLocaleString: it builds an ICU formatter per call, a few per cent of a loaded stack.
  const month = MONTHS[d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export interface RequestInfo {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Node's raw header list: name, value, name, value... */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  now: number;
  port?: number;
}

/** The API Gateway HTTP API event (payload format 2.0) for a request that matched a route. */
export function buildEvent(request: RequestInfo, match: RouteMatch): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = String(request.rawHeaders[i]).toLowerCase();
    const value = String(request.rawHeaders[i + 1]);
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  if (request.port) headers['x-forwarded-port'] ??= String(request.port);

  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString))
    query[k] = k in query ? `${query[k]},${v}` : v;

  const requestId = randomBytes(12).toString('base64').replace(/[+/]/g, 'A');
  const hasBody = request.body.length > 0;
  const textual = isTextual(headers['content-type']);
  const method = request.method.toUpperCase();
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: apiGatewayTime(request.now),
      timeEpoch: request.now,
    },
    ...(hasBody
      ? { body: textual ? request.body.toString('utf8') : request.body.toString('base64') }
      : {}),
    isBase64Encoded: hasBody && !textual,
  };
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

export const json = (statusCode: number, body: unknown): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify(body)),
});

export const INTERNAL_ERROR = json(500, { message: 'Internal Server Error' });

/** How API Gateway turns a Lambda's result into the HTTP answer. */
export function toAnswer(result: unknown): HttpAnswer {
  if (typeof result === 'string') return { ...json(200, null), body: Buffer.from(result) };
  if (!result || typeof result !== 'object' || !('statusCode' in result)) {
    return json(200, result ?? null);
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  if (
    typeof r.statusCode !== 'number' ||
    !Number.isInteger(r.statusCode) ||
    r.statusCode < 100 ||
    r.statusCode > 599
  ) {
    return INTERNAL_ERROR;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const body =
    r.body === undefined
      ? Buffer.alloc(0)
      : r.isBase64Encoded
        ? Buffer.from(r.body, 'base64')
        : Buffer.from(r.body);
  return { statusCode: r.statusCode, headers, cookies: r.cookies ?? [], body };
}

export function writeAnswer(
  res: http.ServerResponse,
  answer: HttpAnswer,
  requestId?: string,
): void {
  const headers: http.OutgoingHttpHeaders = {
    ...answer.headers,
    'content-length': answer.body.length,
  };
  if (answer.cookies.length) headers['set-cookie'] = answer.cookies;
  if (requestId) headers['apigw-requestid'] = requestId;
  res.writeHead(answer.statusCode, headers);
  res.end(answer.body);
}

export class PayloadTooLarge extends Error {
  override name = 'PayloadTooLarge';
}

export async function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new PayloadTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface HttpHandlerDeps {
  router: Router;
  invoke(key: FunctionName, event: APIGatewayProxyEventV2): Promise<unknown>;
  now(): number;
  port?: number;
  /** Answers the local-only paths, everything under /_local/. */
  control(method: string, path: string, body: Buffer): Promise<HttpAnswer>;
  log?: (line: string) => void;
}

/** The request listener of the local HTTP API. */
export function createHttpHandler(deps: HttpHandlerDeps): http.RequestListener {
  return (req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    // Like the deployed API's access log, this names the route template, never the path: status,
    // decision and amendment paths carry secret tokens.
    let logged = `${method} (no route)`;
    const done = (answer: HttpAnswer, requestId?: string) => {
      writeAnswer(res, answer, requestId);
      if (!rawPath.startsWith('/_local/')) {
        deps.log?.(
          `${logged} → ${answer.statusCode} (${Math.round(performance.now() - started)} ms)`,
        );
      }
    };
    (async () => {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (!(error instanceof PayloadTooLarge)) throw error;
        res.setHeader('connection', 'close');
        done(json(413, { message: 'Request Entity Too Large' }));
        req.resume();
        return;
      }
      if (rawPath.startsWith('/_local/')) {
        done(await deps.control(method, rawPath, body));
        return;
      }
      const match = deps.router.match(method, rawPath);
      if (!match) {
        done(json(404, { message: 'Not Found' }));
        return;
      }
      logged = match.route.routeKey;
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const event = buildEvent(
        {
          method,
          url,
          rawHeaders: req.rawHeaders,
          body,
          sourceIp,
          now: deps.now(),
          port: deps.port,
        },
        match,
      );
      let answer: HttpAnswer;
      try {
        answer = toAnswer(await deps.invoke(match.route.function, event));
      } catch (error) {
        const name = (error as Error).name;
        // What the function would have written to CloudWatch.
        console.error(
          `[${match.route.function}] ${match.route.routeKey} failed:`,
          (error as Error).cause ?? error,
        );
        answer =
          name === 'Sandbox.Timedout'
            ? json(503, { message: 'Service Unavailable' })
            : INTERNAL_ERROR;
      }
      done(answer, event.requestContext.requestId);
    })().catch((error: unknown) => {
      console.error('[local http]', error);
      if (!res.headersSent) done(INTERNAL_ERROR);
      else res.end();
    });
  };
}
