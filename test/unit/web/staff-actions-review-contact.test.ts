// The lead's actions on an open review round and on the contact (POST
// /staff/applications/{id}/actions), through the router against the table fake, Step Functions
// mocked: each once in a state it fits (200, audited with the lead, its e-mails handed to the
// municipality request step), once in a state it does not (409), and with invalid fields (400).

import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { route } from '../../../shared/web/router.js';
import {
  app,
  errorsOf,
  events,
  ID,
  LEAD,
  post,
  reset,
  sfn,
  table,
  useActionFixture,
  writes,
} from './staff-actions-support.js';

useActionFixture();

const round = () => table().get(`${app.pk}|REVIEW#001`)!;
const mailRequests = () =>
  sfn
    .commandCalls(StartExecutionCommand)
    .map((c) => JSON.parse(String(c.args[0].input.input)))
    .filter((i) => i.kind === 'lead-action');

describe('resend-links', () => {
  it('an open round: a new revision of its links (the old ones answer 410), audited, mailed by the step', async () => {
    const answer = await route(post({ action: 'resend-links' }));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(round()).toMatchObject({
      linkRevision: 1,
      linksValidFrom: { 'fagrad1@alis-nord.example.no': 1 },
      notified: [],
    });
    expect(events('decision-links-resent')).toMatchObject([{ by: LEAD }]);
    expect(mailRequests()).toEqual([
      { kind: 'lead-action', applicationId: ID, action: 'resend-links' },
    ]);
    const repeat = await route(post({ action: 'resend-links' }));
    expect(repeat.statusCode).toBe(409);
    expect(errorsOf(repeat.body)).toEqual(['action:already-sent']);
    expect(events('decision-links-resent')).toHaveLength(1);
  });

  it('no open round (decided): 409, nothing written', async () => {
    reset('APPROVED');
    const answer = await route(post({ action: 'resend-links' }));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual(['action:no-open-round']);
    expect(writes()).toBe(0);
  });
});

describe('replace-reviewer', () => {
  const body = {
    action: 'replace-reviewer',
    from: 'fagrad1@alis-nord.example.no',
    to: 'fagrad2@alis-nord.example.no',
  };

  it('the new reviewer takes the place; the old one’s links die; a repeat is 409', async () => {
    const answer = await route(post(body));
    expect(answer.statusCode, answer.body).toBe(200);
    expect(round()).toMatchObject({
      reviewers: ['fagrad2@alis-nord.example.no'],
      linkRevision: 1,
      linksValidFrom: { 'fagrad1@alis-nord.example.no': 1, 'fagrad2@alis-nord.example.no': 1 },
    });
    expect(events('reviewer-replaced')).toMatchObject([{ by: LEAD }]);
    expect(mailRequests()).toHaveLength(1);
    const repeat = await route(post(body));
    expect(errorsOf(repeat.body)).toEqual(['action:already-replaced']);
  });

  it('someone without the reviewer role: 409 in bokmål; the same address twice: 400', async () => {
    const answer = await route(post({ ...body, to: 'okonomi@alis-nord.example.no' }));
    expect(answer.statusCode).toBe(409);
    expect(errorsOf(answer.body)).toEqual(['action:not-a-reviewer']);
    expect(answer.body).toContain('har ikke rollen fagråd');
    const same = await route(post({ ...body, to: body.from }));
    expect(same.statusCode).toBe(400);
    expect(errorsOf(same.body)).toEqual(['to:same-reviewer']);
    expect(writes()).toBe(0);
  });
});

describe('change-contact', () => {
  const body = {
    action: 'change-contact',
    name: 'Ny Kontakt',
    email: 'ny.kontakt@kommune.no',
    phone: '+47 99 88 77 66',
  };

  it('the contact and the status secret change (the old link dies), audited, mailed by the step', async () => {
    const answer = await route(post(body));
    expect(answer.statusCode, answer.body).toBe(200);
    const stored = table().get(`${app.pk}|APPLICATION`)!;
    expect(stored.statusSecret).not.toBe(app.statusSecret);
    expect(stored).toMatchObject({
      contactChanges: 1,
      previousContactEmail: app.application.contact.email,
      application: { contact: { name: 'Ny Kontakt', email: 'ny.kontakt@kommune.no' } },
    });
    expect(events('contact-changed')).toMatchObject([{ by: LEAD }]);
    expect(mailRequests()).toEqual([
      { kind: 'lead-action', applicationId: ID, action: 'change-contact' },
    ]);
    expect(errorsOf((await route(post(body))).body)).toEqual(['action:already-contact']);
  });

  it('while the contact has not confirmed: 409; bad fields: 400 in bokmål by field', async () => {
    reset('AWAITING_CONTACT');
    expect(errorsOf((await route(post(body))).body)).toEqual(['action:awaiting-contact']);
    const bad = await route(post({ action: 'change-contact', name: 7, email: 'x', phone: [] }));
    expect(bad.statusCode).toBe(400);
    expect(
      errorsOf(bad.body)
        .map((e) => e.split(':')[0])
        .sort(),
    ).toEqual(['email', 'name', 'phone']);
    expect(writes()).toBe(0);
  });
});

describe('the grant actions without a grant', () => {
  it('end-grant, hold and release: 409 no-grant; their own fields: 400', async () => {
    for (const body of [
      { action: 'end-grant', endDate: '2027-06-30', reason: 'Legen sluttet.', confirm: true },
      { action: 'hold-instalment', position: 1, year: 1 },
      { action: 'release-instalment', instalment: '1:1' },
    ]) {
      const answer = await route(post(body));
      expect(answer.statusCode).toBe(409);
      expect(errorsOf(answer.body)).toEqual(['action:no-grant']);
    }
    expect(
      errorsOf((await route(post({ action: 'end-grant', endDate: '2027-02-30' }))).body),
    ).toEqual(['endDate:invalid-date', 'reason:required', 'confirm:required']);
    expect(errorsOf((await route(post({ action: 'hold-instalment' }))).body)).toEqual([
      'year:required',
    ]);
    expect(writes()).toBe(0);
  });
});
