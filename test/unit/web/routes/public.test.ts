import { publicUrls } from '../../../../shared/public-urls.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedProgrammeSettings } from '../../../support/seeded-settings.js';
import { ConflictError, ValidationError } from '../../../../shared/errors.js';
import { STYLESHEET_PATH } from '../../../../shared/web/assets/designsystemet.generated.js';
import { html } from '../../../../shared/web/http.js';
import { route } from '../../../../shared/web/router.js';
import { FORM, JSON_BODY, OPEN, idempotencyKeyIn, request, storedApplication } from '../support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

vi.mock('../../../../shared/services/status.js', () => ({ readStatus: vi.fn() }));
vi.mock('../../../../shared/services/submission.js', () => ({ submitApplication: vi.fn() }));

const { readStatus } = await import('../../../../shared/services/status.js');
const { submitApplication } = await import('../../../../shared/services/submission.js');

const SUBMITTED = {
  applicationId: 'AN-2026-ABCDEFGH',
  status: 'SUBMITTED' as const,
  statusToken: 'AN-2026-ABCDEFGH.s3cret',
  created: true,
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(OPEN);
});
afterEach(() => {
  vi.useRealTimers();
  vi.resetAllMocks();
});

function postForm(fields: Record<string, string>) {
  return route(
    request('POST /applications', { headers: FORM, body: new URLSearchParams(fields).toString() }),
  );
}

describe('GET / and GET /apply/{programme}', () => {
  it('lists both programmes with a link to the open form', async () => {
    const answer = await route(request('GET /'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('href="/apply/alis-nord"');
    expect(answer.body).toContain('href="/apply/alis-vest"');
  });

  it('shows the form with a fresh idempotency key each time', async () => {
    const apply = () =>
      route(request('GET /apply/{programme}', { pathParameters: { programme: 'alis-vest' } }));
    const [first, second] = [await apply(), await apply()];
    expect(first.statusCode).toBe(200);
    expect(idempotencyKeyIn(first.body!)).toMatch(/^[0-9a-f-]{36}$/);
    expect(idempotencyKeyIn(first.body!)).not.toBe(idempotencyKeyIn(second.body!));
  });

  it('answers 404 for a programme that does not exist', async () => {
    const answer = await route(
      request('GET /apply/{programme}', { pathParameters: { programme: 'alis-sor' } }),
    );
    expect(answer.statusCode).toBe(404);
  });

  it('answers 409 when no round is open', async () => {
    vi.setSystemTime(new Date('2026-06-01T10:00:00Z'));
    const answer = await route(
      request('GET /apply/{programme}', { pathParameters: { programme: 'alis-nord' } }),
    );
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('ALIS-Nord tar ikke imot søknader nå');
  });
});

describe('POST /applications', () => {
  it('answers JSON with 201 and the status link, passing the Idempotency-Key header on', async () => {
    vi.mocked(submitApplication).mockResolvedValue(SUBMITTED);
    const answer = await route(
      request('POST /applications', {
        headers: { ...JSON_BODY, 'Idempotency-Key': 'key-1' },
        body: JSON.stringify({ programme: 'alis-nord' }),
      }),
    );
    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.body!)).toEqual({
      applicationId: SUBMITTED.applicationId,
      status: 'SUBMITTED',
      statusUrl: publicUrls.status(SUBMITTED.statusToken),
    });
    expect(submitApplication).toHaveBeenCalledWith({ programme: 'alis-nord' }, 'key-1');
  });

  it('answers a repeated JSON submission with 200', async () => {
    vi.mocked(submitApplication).mockResolvedValue({ ...SUBMITTED, created: false });
    const answer = await route(request('POST /applications', { headers: JSON_BODY, body: '{}' }));
    expect(answer.statusCode).toBe(200);
  });

  it('redirects a form post to its receipt, by the status token', async () => {
    vi.mocked(submitApplication).mockResolvedValue(SUBMITTED);
    const answer = await postForm({ programme: 'alis-nord', idempotencyKey: 'key-1' });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers?.location).toBe('/receipt/AN-2026-ABCDEFGH.s3cret');
    expect(vi.mocked(submitApplication).mock.calls[0]![1]).toBe('key-1');
  });

  it('shows a refused form again with its messages, keeping its idempotency key', async () => {
    vi.mocked(submitApplication).mockRejectedValue(
      new ValidationError([
        { path: 'contact.name', code: 'required', message: 'Skriv navnet til kontaktpersonen.' },
      ]),
    );
    const answer = await postForm({
      programme: 'alis-nord',
      idempotencyKey: 'key-1',
      'contact.role': 'Kommuneoverlege',
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Skriv navnet til kontaktpersonen.');
    expect(answer.body).toContain('value="Kommuneoverlege"');
    expect(idempotencyKeyIn(answer.body!)).toBe('key-1');
  });

  it('gives a form whose key was already used a fresh key, so that it can be sent', async () => {
    vi.mocked(submitApplication).mockRejectedValue(
      new ConflictError([
        {
          path: '',
          code: 'idempotency-key-reused',
          message: 'Idempotency-Key er allerede brukt for en annen søknad.',
        },
      ]),
    );
    const answer = await postForm({ programme: 'alis-nord', idempotencyKey: 'used-key' });
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('Idempotency-Key er allerede brukt');
    const key = idempotencyKeyIn(answer.body!);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(key).not.toBe('used-key');
  });

  it('answers a refused post for an unknown programme with a message page', async () => {
    vi.mocked(submitApplication).mockRejectedValue(
      new ValidationError([{ path: 'programme', code: 'invalid', message: 'Velg et program.' }]),
    );
    const answer = await postForm({ programme: 'alis-sor' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Søknaden kan ikke tas imot');
    expect(answer.body).toContain('Velg et program.');
  });

  it.each([
    ['text/plain', 'x', 415],
    ['application/json', '{not json', 400],
    ['application/json', JSON.stringify({ pad: 'x'.repeat(70_000) }), 413],
  ])('answers a %s body it cannot read (%s…) with %i', async (type, body, status) => {
    const answer = await route(
      request('POST /applications', { headers: { 'content-type': type }, body }),
    );
    expect(answer.statusCode).toBe(status);
    expect(submitApplication).not.toHaveBeenCalled();
  });
});

describe('GET /receipt/{token} and GET /status/{token}', () => {
  it('shows the receipt with the status link of the same token', async () => {
    vi.mocked(readStatus).mockResolvedValue({ app: storedApplication(), history: [] });
    const answer = await route(
      request('GET /receipt/{token}', { pathParameters: { token: 'AN-2026-ABCDEFGH.s3cret' } }),
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('/status/AN-2026-ABCDEFGH.s3cret');
    expect(readStatus).toHaveBeenCalledWith('AN-2026-ABCDEFGH.s3cret');
  });

  it('answers the status as JSON without the comments of the history', async () => {
    vi.mocked(readStatus).mockResolvedValue({
      app: storedApplication(),
      history: [
        {
          pk: 'APP#AN-2026-ABCDEFGH',
          sk: 'EVENT#1',
          applicationId: 'AN-2026-ABCDEFGH',
          at: '2026-11-03T09:15:00Z',
          type: 'submitted',
          by: 'kontakt@kommune.no',
          comment: 'internal',
        } as never,
      ],
    });
    const answer = await route(
      request('GET /status/{token}', {
        pathParameters: { token: 't' },
        headers: { accept: 'application/json' },
      }),
    );
    expect(JSON.parse(answer.body!)).toEqual({
      applicationId: 'AN-2026-ABCDEFGH',
      programme: 'alis-nord',
      status: 'IN_REVIEW',
      history: [{ at: '2026-11-03T09:15:00Z', type: 'submitted', by: 'kontakt@kommune.no' }],
    });
  });
});

describe('GET /assets/{file}', () => {
  it('serves the stylesheet, cached for good, with the security headers of every answer', async () => {
    const file = STYLESHEET_PATH.slice('/assets/'.length);
    const answer = await route(request('GET /assets/{file}', { pathParameters: { file } }));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['content-type']).toBe('text/css; charset=utf-8');
    expect(answer.headers?.['cache-control']).toBe('public, max-age=31536000, immutable');
    const { 'content-type': _, 'cache-control': __, ...security } = html(200, '').headers!;
    expect(answer.headers).toMatchObject(security);
    expect(answer.headers?.['referrer-policy']).toBe('no-referrer');
  });

  it('answers 404 for any other file', async () => {
    const answer = await route(
      request('GET /assets/{file}', { pathParameters: { file: 'site-000000000000.css' } }),
    );
    expect(answer.statusCode).toBe(404);
  });
});
