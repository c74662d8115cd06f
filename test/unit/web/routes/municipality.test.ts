import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedProgrammeSettings } from '../../../support/seeded-settings.js';
import { GoneError, ValidationError } from '../../../../shared/errors.js';
import type { AmendmentContext } from '../../../../shared/services/changes.js';
import { route } from '../../../../shared/web/router.js';
import { FORM, JSON_BODY, request, storedApplication } from '../support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

vi.mock('../../../../shared/services/changes.js', () => ({
  openAmendment: vi.fn(),
  amendApplication: vi.fn(),
}));

const { openAmendment, amendApplication } = await import('../../../../shared/services/changes.js');

afterEach(() => vi.resetAllMocks());

function context(): AmendmentContext {
  return {
    app: { ...storedApplication(), status: 'CHANGES_REQUESTED' },
    link: {
      pk: 'LINK#h',
      sk: 'LINK',
      purpose: 'amend',
      applicationId: 'AN-2026-ABCDEFGH',
      round: 1,
      holder: 'kontakt@kommune.no',
      expiresAt: '2026-12-03T09:15:00Z',
      expiresAtEpoch: 0,
    },
    request: {
      pk: 'APP#AN-2026-ABCDEFGH',
      sk: 'CHANGES#1',
      applicationId: 'AN-2026-ABCDEFGH',
      round: 1,
      taskToken: 'task-token-never-shown',
      status: 'OPEN',
      comment: 'Beskriv bakvakten bedre.',
      requestedAt: '2026-11-03T09:15:00Z',
      deadline: '2026-12-03T09:15:00Z',
    },
  };
}

const amendRequest = (body?: string, headers = FORM) =>
  request(body === undefined ? 'GET /amend/{token}' : 'POST /amend/{token}', {
    pathParameters: { token: 't0ken' },
    headers,
    ...(body !== undefined && { body }),
  });

describe('GET /amend/{token}', () => {
  it('shows the form filled in with the application and the reviewers’ comment', async () => {
    vi.mocked(openAmendment).mockResolvedValue(context());
    const answer = await route(amendRequest());
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('action="/amend/t0ken"');
    expect(answer.body).toContain('Beskriv bakvakten bedre.');
    expect(answer.body).toContain(`value="${storedApplication().application.contact.email}"`);
    expect(answer.body).not.toContain('name="idempotencyKey"');
    expect(answer.body).not.toContain('task-token-never-shown');
  });

  it('answers 410 after the deadline', async () => {
    vi.mocked(openAmendment).mockRejectedValue(new GoneError('expired'));
    expect((await route(amendRequest())).statusCode).toBe(410);
  });
});

describe('POST /amend/{token}', () => {
  it('sends a JSON amendment back to review', async () => {
    vi.mocked(amendApplication).mockResolvedValue({ applicationId: 'AN-2026-ABCDEFGH' });
    const answer = await route(amendRequest(JSON.stringify({ programme: 'alis-nord' }), JSON_BODY));
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body!)).toEqual({
      applicationId: 'AN-2026-ABCDEFGH',
      status: 'IN_REVIEW',
    });
    expect(amendApplication).toHaveBeenCalledWith('t0ken', { programme: 'alis-nord' });
  });

  it('answers a form amendment with a page', async () => {
    vi.mocked(amendApplication).mockResolvedValue({ applicationId: 'AN-2026-ABCDEFGH' });
    const answer = await route(amendRequest('programme=alis-nord'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Den endrede søknaden er sendt');
  });

  it('shows a refused form amendment again with its messages and what was sent', async () => {
    vi.mocked(amendApplication).mockRejectedValue(
      new ValidationError([
        { path: 'contact.name', code: 'required', message: 'Skriv navnet til kontaktpersonen.' },
      ]),
    );
    vi.mocked(openAmendment).mockResolvedValue(context());
    const answer = await route(amendRequest('programme=alis-nord&contact.role=Helsesjef'));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Skriv navnet til kontaktpersonen.');
    expect(answer.body).toContain('value="Helsesjef"');
    expect(answer.body).toContain('Beskriv bakvakten bedre.');
  });

  it('answers a refused JSON amendment with the field errors', async () => {
    vi.mocked(amendApplication).mockRejectedValue(
      new ValidationError([{ path: 'contact.name', code: 'required', message: 'Skriv navnet.' }]),
    );
    const answer = await route(amendRequest('{}', JSON_BODY));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body!).errors[0].path).toBe('contact.name');
  });
});
