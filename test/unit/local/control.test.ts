import { describe, expect, it } from 'vitest';

import { type ControlPaths, controlHandler } from '../../../infra/local/control.js';
import { FaultRequestError } from '../../../infra/local/egress.js';
import { AdvanceRequestError } from '../../../infra/local/timekeeper.js';

function paths(overrides: Partial<ControlPaths> = {}): ControlPaths {
  return {
    mail: async () => [{ id: 'm1' }],
    executions: async () => [{ name: 'e1' }],
    advance: async (to) => ({ now: to, fired: [] }),
    settle: async () => ({ idle: true }),
    clock: () => ({ now: '2026-11-02T10:00:00.000Z' }),
    setFault: (body) => ({ set: body }),
    faults: () => [],
    usage: async () => ({ emails: 2 }),
    memory: async () => ({ rss: 1 }),
    bounce: async (email) => ({ bounced: email }),
    ...overrides,
  };
}

async function call(
  handler: ReturnType<typeof controlHandler>,
  method: string,
  path: string,
  body = '',
) {
  const answer = await handler(method, path, Buffer.from(body));
  return { status: answer.statusCode, body: JSON.parse(answer.body.toString('utf8')) as unknown };
}

describe('the control paths', () => {
  it('routes each path to its endpoint and answers its result as JSON', async () => {
    const handler = controlHandler(paths());
    expect(await call(handler, 'GET', '/_local/mail')).toEqual({
      status: 200,
      body: [{ id: 'm1' }],
    });
    expect((await call(handler, 'GET', '/_local/executions')).body).toEqual([{ name: 'e1' }]);
    expect((await call(handler, 'GET', '/_local/clock')).body).toEqual({
      now: '2026-11-02T10:00:00.000Z',
    });
    expect((await call(handler, 'POST', '/_local/settle')).body).toEqual({ idle: true });
    expect((await call(handler, 'GET', '/_local/usage')).body).toEqual({ emails: 2 });
    expect((await call(handler, 'GET', '/_local/memory')).body).toEqual({ rss: 1 });
    expect((await call(handler, 'GET', '/_local/faults')).body).toEqual([]);
    expect(
      await call(handler, 'POST', '/_local/faults', '{"service":"ses","failFor":{"calls":1}}'),
    ).toEqual({ status: 200, body: { set: { service: 'ses', failFor: { calls: 1 } } } });
    expect(
      await call(handler, 'POST', '/_local/advance', '{"to":"2026-11-03T06:00:00+01:00"}'),
    ).toEqual({ status: 200, body: { now: '2026-11-03T06:00:00+01:00', fired: [] } });
  });

  it('answers 404 for any other path or method', async () => {
    const handler = controlHandler(paths());
    expect((await call(handler, 'GET', '/_local/unknown')).status).toBe(404);
    expect((await call(handler, 'POST', '/_local/mail')).status).toBe(404);
    expect((await call(handler, 'GET', '/_local/advance')).status).toBe(404);
  });

  it('answers 400 for a body that is not JSON, or that its endpoint refuses', async () => {
    const handler = controlHandler(
      paths({
        advance: async () => {
          throw new AdvanceRequestError('never back');
        },
        setFault: () => {
          throw new FaultRequestError('"service" must be one of dynamodb, ses, sfn');
        },
      }),
    );
    expect(await call(handler, 'POST', '/_local/advance', 'nope')).toEqual({
      status: 400,
      body: { message: 'Body must be a JSON object: {"to": "<ISO-8601 instant>"}' },
    });
    expect((await call(handler, 'POST', '/_local/advance', 'null')).status).toBe(400);
    expect((await call(handler, 'POST', '/_local/advance', '[1]')).status).toBe(400);
    expect(await call(handler, 'POST', '/_local/advance', '{"to":"2020-01-01T00:00:00Z"}')).toEqual(
      { status: 400, body: { message: 'never back' } },
    );
    expect((await call(handler, 'POST', '/_local/faults', '{')).status).toBe(400);
    expect(await call(handler, 'POST', '/_local/faults', '{"service":"s3"}')).toEqual({
      status: 400,
      body: { message: '"service" must be one of dynamodb, ses, sfn' },
    });
  });

  it('POST /_local/bounce takes {"email": <address>}, and nothing else, of any JSON type', async () => {
    const handler = controlHandler(paths());
    expect(
      await call(handler, 'POST', '/_local/bounce', '{"email":" fagrad1@alis-nord.example.no "}'),
    ).toEqual({ status: 200, body: { bounced: 'fagrad1@alis-nord.example.no' } });
    for (const body of [
      '',
      '{}',
      'nope',
      'null',
      '"a@b.no"',
      '42',
      'true',
      '["a@b.no"]',
      '{"email":null}',
      '{"email":42}',
      '{"email":["a@b.no"]}',
      '{"email":{"address":"a@b.no"}}',
      '{"email":""}',
      '{"email":"not an address"}',
      '{"email":"a@b@c"}',
      `{"email":"${'a'.repeat(250)}@b.no"}`,
    ]) {
      const answer = await call(handler, 'POST', '/_local/bounce', body);
      expect(answer.status, body).toBe(400);
      expect((answer.body as { message: string }).message, body).toMatch(/email|JSON object/);
    }
  });

  it('lets any other failure through, for the server to answer 500', async () => {
    const handler = controlHandler(
      paths({
        advance: async () => {
          throw new Error('broken');
        },
      }),
    );
    await expect(handler('POST', '/_local/advance', Buffer.from('{"to":1}'))).rejects.toThrow(
      'broken',
    );
  });
});
