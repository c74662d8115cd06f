// The lead's actions on one application (POST /staff/applications/{id}/actions), through the router
// against the table fake, Step Functions mocked: each action once in a state it fits (200, done,
// audited with the lead as actor), once in a state it does not (409, nothing done), and with
// invalid fields (400 naming them, nothing written).

import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { route } from '../../../shared/web/router.js';
import { request } from './support.js';
import {
  app,
  CSRF,
  errorsOf,
  events,
  ID,
  LEAD,
  post,
  REVIEWER_SESSION,
  reset,
  SESSION_ID,
  sfn,
  table,
  useActionFixture,
  writes,
} from './staff-actions-support.js';

useActionFixture();

const statusNow = () => table().get(`${app.pk}|APPLICATION`)!.status;

describe('withdraw', () => {
  const body = { action: 'withdraw', reason: 'Kommunen ringte og ba om det.', confirm: true };

  it('withdraws before a decision: WITHDRAWN, audited with the lead and the reason, both told, the review handed over', async () => {
    const answer = await route(post(body));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body!)).toMatchObject({ applicationId: ID, status: 'WITHDRAWN' });
    expect(statusNow()).toBe('WITHDRAWN');
    const [event] = events('withdrawn');
    expect(event).toMatchObject({ by: LEAD });
    expect(String(event!.comment)).toContain('Kommunen ringte og ba om det.');
    const notices = [...table().values()].filter((i) => String(i.sk).startsWith('NOTICE#'));
    expect(notices.map((n) => n.sk).sort()).toEqual([
      'NOTICE#withdrawn',
      'NOTICE#withdrawn-reviewers',
    ]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('a repeat does nothing more: 409 already withdrawn', async () => {
    await route(post(body));
    const answer = await route(post(body));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual([':already-withdrawn']);
    expect(events('withdrawn')).toHaveLength(1);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('after a decision: 409, nothing written', async () => {
    reset('APPROVED');
    const answer = await route(post(body));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual([':already-decided']);
    expect(statusNow()).toBe('APPROVED');
    expect(writes()).toBe(0);
  });

  it('without reason and confirmation: 400 naming both in bokmål, nothing written', async () => {
    const answer = await route(post({ action: 'withdraw', reason: '  ' }));
    expect(answer.statusCode).toBe(400);
    expect(errorsOf(answer.body)).toEqual(['reason:required', 'confirm:required']);
    expect(answer.body).toContain('Kryss av');
    expect(statusNow()).toBe('IN_REVIEW');
    expect(writes()).toBe(0);
  });

  it('from the page: the form with its checkbox, 303 back to the application', async () => {
    const answer = await route(
      post({ action: 'withdraw', reason: 'Kommunen ba om det.', confirm: 'true' }, true),
    );
    expect(answer.statusCode).toBe(303);
    expect(answer.headers?.location).toBe(`/staff/applications/${ID}#handlinger-tittel`);
    expect(statusNow()).toBe('WITHDRAWN');
  });
});

describe('resume', () => {
  it('a stopped review is started again under the next name, audited with the lead', async () => {
    reset('IN_REVIEW', 'FAILED');
    const answer = await route(post({ action: 'resume' }));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body!)).toMatchObject({
      action: 'resume',
      executionName: `${ID}-r1`,
    });
    const started = sfn.commandCalls(StartExecutionCommand);
    expect(started).toHaveLength(1);
    expect(started[0]!.args[0].input.name).toBe(`${ID}-r1`);
    expect(events('workflow-resumed')).toMatchObject([{ by: LEAD }]);
  });

  it('a running review: 409 not stopped, nothing started', async () => {
    reset('IN_REVIEW', 'RUNNING');
    const answer = await route(post({ action: 'resume' }));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual(['action:not-stopped']);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(events('workflow-resumed')).toHaveLength(0);
  });

  it('a payment the application does not have: 409, nothing started', async () => {
    const answer = await route(post({ action: 'resume', position: 1, year: 2 }));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual(['action:no-instalment']);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('a year that is no year, or a position without a year: 400', async () => {
    expect(errorsOf((await route(post({ action: 'resume', year: 'to' }))).body)).toEqual([
      'year:invalid',
    ]);
    expect(errorsOf((await route(post({ action: 'resume', position: 2 }))).body)).toEqual([
      'year:required',
    ]);
    expect(writes()).toBe(0);
  });
});

describe('the action itself', () => {
  it('missing, unknown or of another type: 400 on `action`', async () => {
    const cases: [unknown, string][] = [
      [{}, 'action:required'],
      [{ action: 'slett' }, 'action:unknown'],
      [{ action: ['withdraw'] }, 'action:invalid-type'],
      [[], ':invalid-type'],
    ];
    for (const [body, error] of cases) {
      const answer = await route(post(body));
      expect(answer.statusCode).toBe(400);
      expect(errorsOf(answer.body)).toEqual([error]);
    }
    expect(writes()).toBe(0);
  });

  it('another programme’s application is unknown: 404', async () => {
    const answer = await route({
      ...post({ action: 'resume' }),
      pathParameters: { id: 'AV-2026-ABCDEFGH' },
    });
    expect(answer.statusCode).toBe(404);
  });

  it('without the CSRF token: 403, nothing done', async () => {
    const request = post({ action: 'withdraw', reason: 'x', confirm: true });
    const answer = await route({
      ...request,
      headers: { ...request.headers, 'x-csrf-token': 'd'.repeat(43) },
    });
    expect(answer.statusCode).toBe(403);
    expect(statusNow()).toBe('IN_REVIEW');
  });
});

describe('the detail page', () => {
  const page = async (session: string) =>
    route({
      ...request('GET /staff/applications/{id}', { pathParameters: { id: ID } }),
      cookies: [`alis_staff=${session}`],
    });

  it('offers the lead the actions that fit, each a form with the CSRF token; withdrawal behind a box', async () => {
    const body = (await page(SESSION_ID)).body!;
    expect(body).toContain(`action="/staff/applications/${ID}/actions"`);
    expect(body).toMatch(/name="action" value="withdraw"/);
    expect(body).toMatch(/type="checkbox"[^>]*name="confirm"/);
    expect(body).toMatch(/name="action" value="resume"/);
    expect(body.match(new RegExp(`name="csrf" value="${CSRF}"`, 'g'))?.length).toBeGreaterThan(2);
    reset('APPROVED');
    const decided = (await page(SESSION_ID)).body!;
    expect(decided).toContain('data-testid="staff-actions"');
    expect(decided).not.toMatch(/value="withdraw"/);
  });

  it('offers a reviewer none, and refuses their post: 403', async () => {
    const body = (await page(REVIEWER_SESSION)).body!;
    expect(body).not.toContain('data-testid="staff-actions"');
    const answer = await route({
      ...post({ action: 'withdraw', reason: 'x', confirm: true }),
      cookies: [`alis_staff=${REVIEWER_SESSION}`],
    });
    expect(answer.statusCode).toBe(403);
    expect(statusNow()).toBe('IN_REVIEW');
  });
});
