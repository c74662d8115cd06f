// The local Step Functions endpoint: the AWS JSON 1.0 protocol (POST /, X-Amz-Target:
// AWSStepFunctions.<Operation>) for the operations the application uses, so an unchanged SFNClient
// reaches it through AWS_ENDPOINT_URL_SFN.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { StepFunctionsService } from './stepfunctions-group.js';
import { SfnApiError, type ExecutionRecord } from './stepfunctions.js';

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function summary(r: ExecutionRecord) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startDate),
    stopDate: seconds(r.stopDate),
  };
}

function describe(r: ExecutionRecord) {
  return {
    ...summary(r),
    input: r.input,
    inputDetails: { included: true },
    ...(r.output !== undefined ? { output: r.output, outputDetails: { included: true } } : {}),
    error: r.error,
    cause: r.cause,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

type Operation = (sfn: StepFunctionsService, body: Record<string, unknown>) => unknown;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (sfn, b) => {
    const r = sfn.startExecution({
      stateMachineArn: str(b.stateMachineArn),
      name: str(b.name),
      input: str(b.input),
    });
    return { executionArn: r.executionArn, startDate: seconds(r.startDate) };
  },
  DescribeExecution: (sfn, b) =>
    describe(sfn.describeExecution({ executionArn: str(b.executionArn) })),
  ListExecutions: (sfn, b) => {
    const all = sfn.listExecutions({
      stateMachineArn: str(b.stateMachineArn),
      statusFilter: str(b.statusFilter),
    });
    const max =
      typeof b.maxResults === 'number' && b.maxResults > 0 ? Math.min(b.maxResults, 1000) : 100;
    const from =
      typeof b.nextToken === 'string'
        ? Number(Buffer.from(b.nextToken, 'base64url').toString()) || 0
        : 0;
    const page = all.slice(from, from + max);
    const next =
      from + max < all.length ? Buffer.from(String(from + max)).toString('base64url') : undefined;
    return { executions: page.map(summary), ...(next ? { nextToken: next } : {}) };
  },
  StopExecution: (sfn, b) => ({
    stopDate: seconds(
      sfn.stopExecution({
        executionArn: str(b.executionArn),
        error: str(b.error),
        cause: str(b.cause),
      }).stopDate,
    ),
  }),
  SendTaskSuccess: (sfn, b) => {
    sfn.sendTaskSuccess({ taskToken: str(b.taskToken), output: str(b.output) });
    return {};
  },
  SendTaskFailure: (sfn, b) => {
    sfn.sendTaskFailure({ taskToken: str(b.taskToken), error: str(b.error), cause: str(b.cause) });
    return {};
  },
  SendTaskHeartbeat: (sfn, b) => {
    sfn.sendTaskHeartbeat({ taskToken: str(b.taskToken) });
    return {};
  },
};

function send(res: http.ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { __type: `com.amazonaws.swf.service.v2.model#${code}`, message }, code);
}

/** Answers one API request against the local service. */
export async function handleSfnRequest(
  sfn: StepFunctionsService,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = OPERATIONS[target.replace(/^AWSStepFunctions\./, '')];
  if (req.method !== 'POST' || !target.startsWith('AWSStepFunctions.') || !operation) {
    sendError(
      res,
      400,
      'UnknownOperationException',
      `The local Step Functions does not support ${target || 'this request'}`,
    );
    return;
  }
  let body: Record<string, unknown>;
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    sendError(res, 400, 'SerializationException', 'Request body is not valid JSON');
    return;
  }
  try {
    send(res, 200, operation(sfn, body));
  } catch (error) {
    if (error instanceof SfnApiError) {
      sendError(res, 400, error.code, error.message);
    } else {
      console.error('[local sfn]', error);
      sendError(res, 500, 'InternalFailure', 'Internal failure in the local Step Functions');
    }
  }
}

export interface SfnServer {
  endpoint: string;
  close(): Promise<void>;
}

/** Serves the local Step Functions API on 127.0.0.1 (a free port unless one is given). */
export async function startSfnServer(sfn: StepFunctionsService, port = 0): Promise<SfnServer> {
  const server = http.createServer((req, res) => {
    handleSfnRequest(sfn, req, res).catch((error: unknown) => {
      console.error('[local sfn]', error);
      if (!res.headersSent) sendError(res, 500, 'InternalFailure', 'Internal failure');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
