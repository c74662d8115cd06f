// What handlers send to the emulators, seen on its way out. Handlers run in this process, so two
// things AWS does at the edge of a Lambda sandbox happen here instead:
//
// - An invocation past its time limit is frozen and then killed in AWS: nothing it does afterwards
//   reaches a service. Locally its calls fail before they leave, so a late write or e-mail never
//   counts, and a retry cannot race it into doing the work twice.
// - Faults (POST /_local/faults): calls to a service fail for a while, as a throttled or
//   unavailable AWS service answers, and then recover. Or a crash: the invocation that makes the
//   n-th call to a service is frozen right after that call is answered, as if its sandbox died
//   then (the moment between SES taking an e-mail and the write that records it).
//
// Each invocation runs in an AsyncLocalStorage context, which follows its promises into the SDK's
// HTTP handler. The SDK sends through node:http's request(), looked up when its first client
// connects, so the stack replaces that function before any handler is loaded. Calls made outside
// an invocation (the stack's own, a test's) pass untouched.

import { AsyncLocalStorage } from 'node:async_hooks';
import http = require('node:http');
import type { AddressInfo } from 'node:net';

/** One Lambda invocation, as the egress sees it. */
export interface Invocation {
  /** The time, on `now`, at which its time limit passes. */
  deadline: number;
  /** The clock its limit is kept on; performance.now() when absent. */
  now?: () => number;
  /** Set when the time limit has passed (the timer may fire late on a busy event loop). */
  timedOut: boolean;
  /** Set by a crash fault: nothing the invocation does afterwards reaches a service. */
  crashed?: boolean;
  /**
   * False for a function whose role may not send e-mail (infra/functions.ts, `access.sendMail`,
   * from which the deployed role's SES grant is made): its SES calls are refused as IAM refuses
   * them, so a path that mails from the wrong function fails here as it would in AWS.
   */
  maySendMail?: boolean;
}

export const invocationContext = new AsyncLocalStorage<Invocation>();

export const FAULT_SERVICES = ['dynamodb', 'ses', 'sfn'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];
export type FaultKind = 'throttling' | 'unavailable';

/**
 * What POST /_local/faults asks for: fail the next `calls` calls, or all calls for `ms`; or let
 * the next `crashAfter.calls` calls through and freeze the invocation that made the last of them.
 */
export type FaultRequest =
  | { service: FaultService; failFor: { calls: number } | { ms: number }; error?: FaultKind }
  | { service: FaultService; crashAfter: { calls: number } };

interface Fault {
  error: FaultKind | 'crash';
  callsLeft?: number;
  /** Local-clock instant at which it ends. */
  until?: number;
  failed: number;
}

/** The error a call of a timed-out invocation fails with (never seen by a caller that counts). */
export class SandboxFrozen extends Error {
  override name = 'SandboxFrozen';
  constructor() {
    super('The invocation passed its time limit; AWS would have frozen its sandbox');
  }
}

export class FaultRequestError extends Error {
  override name = 'FaultRequestError';
}

/** Checks a POST /_local/faults body. */
export function parseFaultRequest(body: unknown): FaultRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const service = b.service as FaultService;
  if (!FAULT_SERVICES.includes(service))
    throw new FaultRequestError(`"service" must be one of ${FAULT_SERVICES.join(', ')}`);
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (b.crashAfter !== undefined) {
    const calls = (b.crashAfter as Record<string, unknown> | null)?.calls;
    if (count(calls) && Number(calls) > 0) return { service, crashAfter: { calls: Number(calls) } };
    throw new FaultRequestError('"crashAfter" must be {"calls": <n>}, n at least 1');
  }
  const failFor = (b.failFor ?? {}) as Record<string, unknown>;
  const error = b.error ?? 'throttling';
  if (error !== 'throttling' && error !== 'unavailable')
    throw new FaultRequestError('"error" must be "throttling" or "unavailable"');
  if (count(failFor.calls)) return { service, error, failFor: { calls: Number(failFor.calls) } };
  if (count(failFor.ms)) return { service, error, failFor: { ms: Number(failFor.ms) } };
  throw new FaultRequestError(
    '"failFor" must be {"calls": <n>} or {"ms": <n>} (local-clock milliseconds); 0 ends a fault',
  );
}

/** The answer a failing AWS service gives, per service protocol and kind of failure. */
function faultAnswer(
  service: FaultService,
  kind: FaultKind | 'access-denied',
): { status: number; type: string } {
  if (kind === 'access-denied') return { status: 403, type: 'AccessDeniedException' };
  if (kind === 'unavailable') return { status: 503, type: 'ServiceUnavailable' };
  if (service === 'ses') return { status: 429, type: 'TooManyRequestsException' };
  return { status: 400, type: 'ThrottlingException' };
}

type RequestFunction = typeof http.request;
const originalRequest: RequestFunction = http.request;
const gates = new Set<EgressGate>();

function patchedRequest(this: unknown, ...args: unknown[]): http.ClientRequest {
  const invocation = invocationContext.getStore();
  const options = args[0];
  if (invocation && options && typeof options === 'object' && !(options instanceof URL)) {
    for (const gate of gates) {
      const routed = gate.route(options as http.RequestOptions, invocation, args);
      if (routed) return routed;
    }
  }
  return (originalRequest as (...a: unknown[]) => http.ClientRequest).apply(this, args);
}

export interface EgressCounts {
  /** Calls per service that reached it, from handlers. */
  calls: Record<FaultService, number>;
  /** DynamoDB calls by operation (X-Amz-Target). */
  dynamodbOperations: Record<string, number>;
  /** Calls failed by a fault, per service. */
  faulted: Record<FaultService, number>;
  /** Calls of invocations past their time limit, stopped before they left. */
  frozen: number;
  /** SES calls of functions whose role may not send mail, refused as IAM would. */
  refused: number;
}

/** The egress of one local stack: which endpoints are which service, and its faults. */
export class EgressGate {
  private readonly services = new Map<string, FaultService>();
  private readonly faults = new Map<FaultService, Fault>();
  private faultServer: http.Server | undefined;
  private faultPort = 0;
  readonly counts: EgressCounts = {
    calls: { dynamodb: 0, ses: 0, sfn: 0 },
    dynamodbOperations: {},
    faulted: { dynamodb: 0, ses: 0, sfn: 0 },
    frozen: 0,
    refused: 0,
  };

  constructor(private readonly now: () => number) {}

  /** Starts watching; call before any handler is loaded (the SDK looks request() up once). */
  async start(): Promise<void> {
    this.faultServer = http.createServer((req, res) => {
      const [service, kind] = String(req.headers['x-local-fault'] ?? '').split(':') as [
        FaultService,
        FaultKind | 'access-denied',
      ];
      const { status, type } = faultAnswer(service, kind);
      req.resume();
      const body = JSON.stringify({
        __type: type,
        message: `Local fault injected into ${service} (POST /_local/faults)`,
      });
      res.writeHead(status, {
        'content-type': service === 'ses' ? 'application/json' : 'application/x-amz-json-1.0',
        'x-amzn-errortype': type,
        'x-amzn-requestid': crypto.randomUUID(),
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.faultServer?.listen(0, '127.0.0.1', resolve));
    this.faultPort = (this.faultServer.address() as AddressInfo).port;
    http.request = patchedRequest as RequestFunction;
    gates.add(this);
  }

  /** Names the service behind an endpoint (http://127.0.0.1:<port>). */
  register(service: FaultService, endpoint: string): void {
    const url = new URL(endpoint);
    this.services.set(`${url.hostname}:${url.port}`, service);
  }

  setFault(request: FaultRequest): { service: FaultService; active: boolean } {
    if ('crashAfter' in request) {
      const fault: Fault = { error: 'crash', callsLeft: request.crashAfter.calls, failed: 0 };
      this.faults.set(request.service, fault);
      return { service: request.service, active: this.active(fault) };
    }
    const fault: Fault = { error: request.error ?? 'throttling', failed: 0 };
    if ('calls' in request.failFor) fault.callsLeft = request.failFor.calls;
    else fault.until = this.now() + request.failFor.ms;
    this.faults.set(request.service, fault);
    return { service: request.service, active: this.active(fault) };
  }

  /** The faults set, with how many calls each has failed so far. */
  listFaults(): {
    service: FaultService;
    active: boolean;
    failed: number;
    error: Fault['error'];
  }[] {
    return [...this.faults].map(([service, f]) => ({
      service,
      active: this.active(f),
      failed: f.failed,
      error: f.error,
    }));
  }

  /** A replacement request for a call to one of this stack's emulators, or undefined. */
  route(
    options: http.RequestOptions,
    invocation: Invocation,
    args: unknown[],
  ): http.ClientRequest | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/:\d+$/, '');
    const service = this.services.get(`${host}:${options.port}`);
    if (!service) return undefined;
    const send = originalRequest as (...a: unknown[]) => http.ClientRequest;
    if (invocation.crashed) {
      this.counts.frozen++;
      const request = send(...args);
      request.destroy(new SandboxFrozen());
      return request;
    }
    if (invocation.timedOut || (invocation.now?.() ?? performance.now()) > invocation.deadline) {
      invocation.timedOut = true;
      this.counts.frozen++;
      const request = send(...args);
      request.destroy(new SandboxFrozen());
      return request;
    }
    if (service === 'ses' && invocation.maySendMail === false) {
      this.counts.refused++;
      return send(
        {
          ...options,
          host: '127.0.0.1',
          hostname: '127.0.0.1',
          port: this.faultPort,
          headers: { ...options.headers, 'x-local-fault': 'ses:access-denied' },
        },
        ...args.slice(1),
      );
    }
    const fault = this.faults.get(service);
    if (fault?.error === 'crash' && this.active(fault)) {
      // This call goes through; the invocation's next call, made once it is answered, does not.
      fault.callsLeft = (fault.callsLeft ?? 1) - 1;
      if (fault.callsLeft === 0) {
        fault.failed++;
        invocation.crashed = true;
      }
    } else if (fault && this.active(fault)) {
      if (fault.callsLeft !== undefined) fault.callsLeft--;
      fault.failed++;
      this.counts.faulted[service]++;
      const redirected: http.RequestOptions = {
        ...options,
        host: '127.0.0.1',
        hostname: '127.0.0.1',
        port: this.faultPort,
        headers: { ...options.headers, 'x-local-fault': `${service}:${fault.error}` },
      };
      return send(redirected, ...args.slice(1));
    }
    this.counts.calls[service]++;
    if (service === 'dynamodb') {
      const target = String(
        (options.headers as Record<string, unknown> | undefined)?.['x-amz-target'] ?? '',
      ).replace(/^DynamoDB_\d+\./, '');
      this.counts.dynamodbOperations[target] = (this.counts.dynamodbOperations[target] ?? 0) + 1;
    }
    return undefined;
  }

  async stop(): Promise<void> {
    // request() stays replaced: SDK clients keep the function they looked up, and with no gate it
    // only passes calls on.
    gates.delete(this);
    const server = this.faultServer;
    this.faultServer = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  private active(fault: Fault): boolean {
    if (fault.callsLeft !== undefined) return fault.callsLeft > 0;
    return fault.until !== undefined && this.now() < fault.until;
  }
}
