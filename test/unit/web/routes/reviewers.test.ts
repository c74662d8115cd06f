import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedProgrammeSettings } from '../../../support/seeded-settings.js';
import {
  AlreadyDecidedError,
  ApprovalRefusedError,
  GoneError,
  ValidationError,
} from '../../../../shared/errors.js';
import type { DecisionContext } from '../../../../shared/services/reviews.js';
import { route } from '../../../../shared/web/router.js';
import { FORM, JSON_BODY, nordApplication, request, storedApplication } from '../support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

vi.mock('../../../../shared/services/reviews.js', () => ({
  openDecision: vi.fn(),
  decide: vi.fn(),
}));

const { openDecision, decide } = await import('../../../../shared/services/reviews.js');

afterEach(() => vi.resetAllMocks());

function context(linkExpiresAt: string, windowEnd: string): DecisionContext {
  return {
    app: storedApplication(),
    link: {
      pk: 'LINK#h',
      sk: 'LINK',
      purpose: 'decision',
      applicationId: 'AN-2026-ABCDEFGH',
      round: 1,
      holder: 'fagrad1@alis-nord.example.no',
      expiresAt: linkExpiresAt,
      expiresAtEpoch: 0,
    },
    round: {
      pk: 'APP#AN-2026-ABCDEFGH',
      sk: 'ROUND#1',
      applicationId: 'AN-2026-ABCDEFGH',
      round: 1,
      taskToken: 'task-token-never-shown',
      status: 'OPEN',
      requestedAt: '2026-11-03T09:15:00Z',
      windowStart: '2026-11-03T09:15:00Z',
      windowEnd,
      reviewers: ['fagrad1@alis-nord.example.no'],
    },
  };
}

const decisionRequest = (body?: string, headers = FORM) =>
  request(body === undefined ? 'GET /decisions/{token}' : 'POST /decisions/{token}', {
    pathParameters: { token: 't0ken' },
    headers,
    ...(body !== undefined && { body }),
  });

describe('GET /decisions/{token}', () => {
  it('shows the application and a form that posts back to the same link', async () => {
    vi.mocked(openDecision).mockResolvedValue(
      context('2026-12-03T09:15:00Z', '2026-12-05T09:15:00Z'),
    );
    const answer = await route(decisionRequest());
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('action="/decisions/t0ken"');
    expect(answer.body).toContain('3. Daglig supervisjon');
    expect(answer.body).toContain('fagrad1@alis-nord.example.no');
    expect(answer.body).not.toContain('task-token-never-shown');
    expect(openDecision).toHaveBeenCalledWith('t0ken');
    expect(decide).not.toHaveBeenCalled();
  });

  it('shows the end of the review window when it comes before the link’s own expiry', async () => {
    vi.mocked(openDecision).mockResolvedValue(
      context('2026-12-20T09:15:00Z', '2026-12-05T09:15:00Z'),
    );
    const answer = await route(decisionRequest());
    expect(answer.body).toContain('5. desember 2026');
    expect(answer.body).not.toContain('20. desember 2026');
  });

  it('answers 410 for an expired link', async () => {
    vi.mocked(openDecision).mockRejectedValue(new GoneError('expired'));
    const answer = await route(decisionRequest());
    expect(answer.statusCode).toBe(410);
    expect(answer.body).toContain('Lenken er utløpt');
  });
});

describe('POST /decisions/{token}', () => {
  it('records the decision from a form post', async () => {
    vi.mocked(decide).mockResolvedValue({ applicationId: 'AN-2026-ABCDEFGH', decision: 'approve' });
    const answer = await route(decisionRequest('decision=approve&comment=Fin+s%C3%B8knad'));
    expect(answer.statusCode).toBe(200);
    expect(decide).toHaveBeenCalledWith('t0ken', { decision: 'approve', comment: 'Fin søknad' });
  });

  it('records the decision from JSON', async () => {
    vi.mocked(decide).mockResolvedValue({ applicationId: 'AN-2026-ABCDEFGH', decision: 'reject' });
    await route(decisionRequest(JSON.stringify({ decision: 'reject', comment: 'Nei' }), JSON_BODY));
    expect(decide).toHaveBeenCalledWith('t0ken', { decision: 'reject', comment: 'Nei' });
  });

  it('shows the form again with the message and what was written', async () => {
    vi.mocked(decide).mockRejectedValue(
      new ValidationError([
        { path: 'comment', code: 'required', message: 'Skriv en begrunnelse.' },
      ]),
    );
    vi.mocked(openDecision).mockResolvedValue(
      context('2026-12-03T09:15:00Z', '2026-12-05T09:15:00Z'),
    );
    const answer = await route(decisionRequest('decision=reject&comment=%3Cb%3E'));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Skriv en begrunnelse.');
    expect(answer.body).toContain('&lt;b>');
    expect(answer.body).not.toContain('<b>');
  });

  it('answers 409 with the reason when the approval is refused', async () => {
    vi.mocked(decide).mockRejectedValue(
      new ApprovalRefusedError('Søknadsrunden har ikke nok ledige stillinger.', 'AN-2026-ABCDEFGH'),
    );
    const answer = await route(decisionRequest('decision=approve'));
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('Søknadsrunden har ikke nok ledige stillinger.');
  });

  it('answers 409 with the earlier decision when it is already decided', async () => {
    vi.mocked(decide).mockRejectedValue(
      new AlreadyDecidedError(
        { decision: 'reject', by: 'fagrad2@alis-nord.example.no', at: '2026-11-10T09:00:00Z' },
        'AN-2026-ABCDEFGH',
        1,
      ),
    );
    const answer = await route(decisionRequest('decision=approve'));
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('fagrad2@alis-nord.example.no');
  });
});

describe('the number of positions approved', () => {
  /** The context of an application for two positions. */
  function twoPositions(): DecisionContext {
    const base = context('2026-12-03T09:15:00Z', '2026-12-05T09:15:00Z');
    const candidate = { kind: 'new-position' } as const;
    return {
      ...base,
      app: {
        ...base.app,
        application: {
          ...nordApplication(),
          positionsRequested: 2,
          positions: [{ candidate }, { candidate }],
        },
      },
    };
  }

  /** The opening tag of the radio for this number. */
  const radio = (html: string | undefined, value: string) =>
    new RegExp(`<input[^>]*name="positionsApproved"[^>]*value="${value}"[^>]*>`).exec(
      html ?? '',
    )?.[0];

  it('offers 1 to the number asked for, all of them chosen, when more than one was asked for', async () => {
    vi.mocked(openDecision).mockResolvedValue(twoPositions());
    const answer = await route(decisionRequest());

    expect(answer.body).toContain('Hvor mange stillinger godkjenner du?');
    expect(radio(answer.body, '1')).not.toContain('checked');
    expect(radio(answer.body, '2')).toContain('checked');
    expect(answer.body).toContain('>1 ALIS-stilling</label>');
    expect(answer.body).toContain('>2 ALIS-stillinger</label>');
    expect(radio(answer.body, '3')).toBeUndefined();
  });

  it('asks nothing of the kind when one position was asked for', async () => {
    vi.mocked(openDecision).mockResolvedValue(
      context('2026-12-03T09:15:00Z', '2026-12-05T09:15:00Z'),
    );
    const answer = await route(decisionRequest());

    expect(answer.body).not.toContain('positionsApproved');
    expect(answer.body).toContain('Kommunen får tilskudd til 1 ALIS-stilling.');
  });

  it('passes the number chosen to the decision', async () => {
    vi.mocked(decide).mockResolvedValue({ applicationId: 'AN-2026-ABCDEFGH', decision: 'approve' });
    await route(decisionRequest('decision=approve&positionsApproved=1'));
    expect(decide).toHaveBeenCalledWith('t0ken', { decision: 'approve', positionsApproved: '1' });
  });

  it.each([
    ['a form', 'decision=approve&positionsApproved=3', FORM],
    ['JSON', JSON.stringify({ decision: 'approve', positionsApproved: 3 }), JSON_BODY],
  ])('shows a refused number by its field, from %s', async (_kind, body, headers) => {
    const message = 'Kommunen søkte om 2 stillinger; flere kan ikke godkjennes.';
    vi.mocked(decide).mockRejectedValue(
      new ValidationError([{ path: 'positionsApproved', code: 'too-large', message }]),
    );
    vi.mocked(openDecision).mockResolvedValue(twoPositions());

    const answer = await route(decisionRequest(body, headers));

    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain(
      `<a class="ds-link" href="#field-positionsApproved">Godkjente stillinger: ${message}</a>`,
    );
    expect(answer.body).toMatch(/id="field-positionsApproved-error"[^>]*>.*Kommunen søkte om 2/);
    expect(radio(answer.body, '1')).toContain('aria-invalid="true"');
    // Neither offered number is chosen for the reviewer: the number posted was neither.
    expect(radio(answer.body, '2')).not.toContain('checked');
  });

  it('keeps the number chosen when another field is refused', async () => {
    vi.mocked(decide).mockRejectedValue(
      new ValidationError([{ path: 'yearlyAmount', code: 'too-large', message: 'For mye.' }]),
    );
    vi.mocked(openDecision).mockResolvedValue(twoPositions());

    const answer = await route(
      decisionRequest('decision=approve&positionsApproved=1&yearlyAmount=9999999'),
    );

    expect(radio(answer.body, '1')).toContain('checked');
    expect(radio(answer.body, '2')).not.toContain('checked');
  });
});
