// HTTP-level properties of the three posts anyone can make, through the router and the real
// services against the table fake (transactions applied) with SES and Step Functions mocked:
// hostile JSON and form bodies made from the fixtures (test/support/hostile.ts). For every case:
//   never a 5xx; every 400 has field errors (path, code, message), as JSON or on the page;
//   nothing stored, mailed or started for a refused request;
//   every user string escaped in the page, and in the e-mail an accepted one leads to.
// 250 cases in all by default (propertyRuns); FC_RUNS=10000 in `npm run bench` for 40 times more.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { hashToken, newLinkToken } from '../../../shared/links.js';
import { reviewRequestMessage } from '../../../shared/mail/to-reviewers.js';
import { applicationToFormValues } from '../../../shared/web/form/convert.js';
import { route } from '../../../shared/web/router.js';
import type { Request, Response } from '../../../shared/web/http.js';
import {
  hostileApplication,
  hostileDecision,
  hostileFormBody,
  propertyRuns,
  spoiledBody,
  toJsonText,
} from '../../support/hostile.js';
import { HEAD_ROUTE_KEYS, ROUTE_KEYS } from '../../../shared/http-routes.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { seededSettingsItems } from '../../support/seeded-settings.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, OPEN, nordApplication, request, storedApplication } from './support.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

/** Generous: the cases are many, and the machine is shared (FC_RUNS=10000 for the bench). */
const PROPERTY_TIMEOUT = 600_000;

/** Shares of the cases. */
const runs = (share: number) => ({ numRuns: Math.max(1, Math.round(propertyRuns() * share)) });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterAll(() => vi.useRealTimers());

function reset(items: FakeItem[] = []): Map<string, FakeItem> {
  const table = fakeTable([...seededSettingsItems(), ...items, ...seededRegisters()], {
    applyTransactions: true,
  });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
  sfn.on(SendTaskSuccessCommand).resolves({});
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  return table;
}

const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;

/** Markup an attacker's text carries, which must never reach a page or e-mail unescaped. */
// An escaped `<` makes the rest text, whatever follows (a bare `>` is harmless in text).
const UNESCAPED = /<(script|img|iframe|svg)\b|javascript:/i;

function expectSound(answer: Response, body: string): void {
  expect(answer.statusCode, body.slice(0, 200)).toBeLessThan(500);
  const text = answer.body ?? '';
  const type = String(answer.headers?.['content-type'] ?? '');
  if (answer.statusCode === 400) {
    if (type.startsWith('application/json')) {
      const errors = JSON.parse(text).errors as {
        path: unknown;
        code: unknown;
        message: unknown;
      }[];
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(typeof e.path).toBe('string');
        expect(e.code).toMatch(/^[a-z-]+$/);
        expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
      }
    } else {
      // The form again with its error summary; without a known programme there is no form to
      // show, and the page lists the errors' messages instead.
      // A body refused as a whole (a field twice, broken UTF-8) is a page of its messages.
      expect(text).toMatch(/ds-error-summary|Søknaden kan ikke tas imot|Skjemaet kan ikke leses/);
    }
  }
  if (type.startsWith('text/html')) expect(text).not.toMatch(UNESCAPED);
}

function expectNothingDone(answer: Response): void {
  if ((answer.statusCode ?? 500) < 400) return;
  expect(writes()).toBe(0);
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
}

/** The form's fields as the page would post them, from the valid fixture. */
function formFields(): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(applicationToFormValues(nordApplication())))
    for (const one of Array.isArray(value) ? value : [value]) fields.push([name, one]);
  return fields;
}

/** Every reviewer e-mail an accepted application leads to must escape what it quotes. */
function expectEscapedMail(applicationJson: unknown): void {
  const application = applicationJson as ReturnType<typeof nordApplication>;
  const mail = reviewRequestMessage({
    applicationId: 'AN-2026-ABCDEFGH',
    application,
    programme: PROGRAMMES[application.programme],
    municipalityName: application.municipality.name ?? '',
    submittedAt: OPEN.toISOString(),
    decisionUrl: 'https://alis.example.no/decisions/x',
    expiresAt: '2026-12-31T23:00:00.000Z',
    daysWaiting: 0,
  });
  expect(mail.html).not.toMatch(UNESCAPED);
  // One line, and no NUL (which would end a header early).
  expect(/[\r\n]/.test(mail.subject) || mail.subject.includes(String.fromCharCode(0))).toBe(false);
}

describe('POST /applications with hostile bodies', () => {
  it(
    'JSON: no 5xx, field errors on every 400, nothing done when refused, escaped when accepted',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileApplication, async (hostile) => {
          const table = reset();
          const body = toJsonText(hostile.body);
          const answer = await route(
            request('POST /applications', {
              headers: { ...JSON_BODY, 'idempotency-key': 'k' },
              body,
            }),
          );
          expectSound(answer, body);
          expectNothingDone(answer);
          if (answer.statusCode === 201) {
            const stored = [...table.values()].find((item) => item.sk === 'APPLICATION')!;
            expectEscapedMail(stored.application);
          }
        }),
        runs(0.3),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'form: the same for malformed form bodies',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileFormBody(formFields()), async (body) => {
          reset();
          const answer = await route(request('POST /applications', { headers: FORM, body }));
          expectSound(answer, body);
          expectNothingDone(answer);
        }),
        runs(0.2),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('POST /amend/{token} with hostile bodies', () => {
  const token = newLinkToken();
  const items = (): FakeItem[] => {
    const app = storedApplication();
    return [
      { ...app, status: 'CHANGES_REQUESTED' },
      {
        pk: app.pk,
        sk: 'CHANGES#001',
        applicationId: app.applicationId,
        round: 1,
        taskToken: 'task-1',
        status: 'OPEN',
        comment: 'Beskriv <b>bakvakt</b>',
        requestedAt: OPEN.toISOString(),
        deadline: '2026-12-31T23:00:00.000Z',
      },
      {
        pk: `LINK#${hashToken(token)}`,
        sk: 'LINK',
        purpose: 'amend',
        applicationId: app.applicationId,
        round: 1,
        holder: app.application.contact.email,
        expiresAt: '2026-12-31T23:00:00.000Z',
      },
    ];
  };

  it(
    'JSON and form: no 5xx, field errors on every 400, nothing done when refused',
    async () => {
      const body = fc.oneof(
        hostileApplication.map((h) => ({ headers: JSON_BODY, body: toJsonText(h.body) })),
        hostileFormBody(formFields()).map((b) => ({ headers: FORM, body: b })),
      );
      await fc.assert(
        fc.asyncProperty(body, async (hostile) => {
          reset(items());
          const answer = await route(
            request('POST /amend/{token}', { pathParameters: { token }, ...hostile }),
          );
          expectSound(answer, hostile.body);
          expectNothingDone(answer);
        }),
        runs(0.2),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('POST /decisions/{token} with hostile bodies', () => {
  const token = newLinkToken();
  const items = (): FakeItem[] => {
    const app = storedApplication();
    return [
      app,
      {
        pk: app.pk,
        sk: 'REVIEW#001',
        applicationId: app.applicationId,
        round: 1,
        taskToken: 'task-1',
        status: 'OPEN',
        requestedAt: OPEN.toISOString(),
        windowStart: OPEN.toISOString(),
        windowEnd: '2026-12-31T23:00:00.000Z',
        reviewers: ['fagrad1@alis-nord.example.no'],
      },
      {
        pk: `LINK#${hashToken(token)}`,
        sk: 'LINK',
        purpose: 'decision',
        applicationId: app.applicationId,
        round: 1,
        holder: 'fagrad1@alis-nord.example.no',
        expiresAt: '2026-12-31T23:00:00.000Z',
      },
    ];
  };
  const asForm = (value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? new URLSearchParams(
          Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : toJsonText(v)]),
        ).toString()
      : toJsonText(value);

  it(
    'JSON and form: no 5xx, field errors on every 400, nothing done when refused',
    async () => {
      const body = fc.oneof(
        hostileDecision.map((h) => ({ headers: JSON_BODY, body: toJsonText(h.body) })),
        hostileDecision.map((h) => ({ headers: FORM, body: asForm(h.body) })),
      );
      await fc.assert(
        fc.asyncProperty(body, async (hostile) => {
          reset(items());
          const answer = await route(
            request('POST /decisions/{token}', { pathParameters: { token }, ...hostile }),
          );
          expectSound(answer, hostile.body);
          expectNothingDone(answer);
        }),
        runs(0.3),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('every path with a body: repeated fields, broken UTF-8, other charsets', () => {
  // Every route that takes a body, and the staff catch-all; the tokens are unknown and nobody is
  // signed in, since the body is refused before anything is looked up.
  const posts = ROUTE_KEYS.filter((key) => !key.startsWith('GET '));
  const formText = new URLSearchParams([
    ...formFields(),
    ['decision', 'approve'],
    ['comment', 'Ok'],
    ['email', 'leder@alis-nord.example.no'],
    ['paidOn', '2026-12-01'],
    ['instalment', 'a'],
    ['instalment', 'b'],
  ]).toString();
  const jsonText = toJsonText(nordApplication());
  const sent = fc.oneof(
    spoiledBody('application/x-www-form-urlencoded', formText),
    spoiledBody('application/json', jsonText),
  );

  it(
    'is refused alike at every path: 400 invalid-encoding or repeated, or 415; nothing done',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...posts), sent, async (routeKey, spoiled) => {
          reset();
          const answer = await route({
            ...request(routeKey, {
              pathParameters: { token: newLinkToken(), proxy: 'x' },
              headers: { 'content-type': spoiled.contentType, 'sec-fetch-site': 'same-origin' },
              body: spoiled.body,
            }),
            isBase64Encoded: spoiled.isBase64Encoded,
          });
          expect(answer.statusCode, `${routeKey} ${spoiled.contentType}`).toBe(
            spoiled.expected.status,
          );
          if (spoiled.expected.status === 400) {
            const errors = spoiled.contentType.startsWith('application/json')
              ? JSON.parse(answer.body ?? '').errors
              : undefined;
            if (errors) expect(errors[0].code).toBe(spoiled.expected.code);
            else expect(answer.body).toMatch(/Skjemaet kan ikke leses/);
          }
          expectNothingDone(answer);
        }),
        runs(0.2),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('names the repeated field, and lets the lists by design repeat', async () => {
    reset();
    const answer = await route(
      request('POST /decisions/{token}', {
        pathParameters: { token: newLinkToken() },
        headers: { ...FORM, accept: 'application/json' },
        body: 'decision=approve&comment=a&decision=reject',
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body ?? '').errors).toEqual([
      expect.objectContaining({ path: 'decision', code: 'repeated' }),
    ]);
    // Lists by design pass the body reader: an unknown link is then the answer.
    const lists = await route(
      request('POST /payments/{token}', {
        pathParameters: { token: newLinkToken() },
        headers: FORM,
        body: 'paidOn=2026-12-01&instalment=a&instalment=b',
      }),
    );
    expect(lists.statusCode).toBe(404);
  });

  it('answers HEAD as GET without a body at every GET path', async () => {
    for (const head of HEAD_ROUTE_KEYS) {
      reset();
      const get = head.replace(/^HEAD /, 'GET ');
      const params = { pathParameters: { token: 'x', programme: 'alis-nord', file: 'x' } };
      const [a, b] = [await route(request(get, params)), await route(request(head, params))];
      expect(b.statusCode, head).toBe(a.statusCode);
      expect(b.headers?.['content-type'], head).toBe(a.headers?.['content-type']);
      expect(b.body, head).toBe('');
    }
    const landing = await route(request('HEAD /'));
    expect(landing.statusCode).toBe(200);
    // The staff catch-all is an ANY route: a HEAD through it loses its body too.
    const catchAll = await route({
      ...request('ANY /staff/{proxy+}', { pathParameters: { proxy: 'x' } }),
      requestContext: { http: { method: 'HEAD' } } as Request['requestContext'],
    });
    expect(catchAll.statusCode).toBe(302);
    expect(catchAll.body).toBe('');
  });
});
