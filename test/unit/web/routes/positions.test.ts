// A new position's start link, with the service mocked: GET shows the form (or the JSON question)
// and changes nothing; POST reports the start (form or JSON); a bad start is 400 with the form
// again and the answers kept; a start reported already 409; a lapsed position 410; unknown 404.

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../../../../shared/errors.js';
import type { PositionStartContext } from '../../../../shared/services/positions.js';
import { route } from '../../../../shared/web/router.js';
import { APP_ID, grantItem } from '../grant-fixtures.js';
import { FORM, JSON_BODY, request } from '../support.js';

vi.mock('../../../../shared/services/positions.js', () => ({
  openPositionLink: vi.fn(),
  reportStart: vi.fn(),
}));

const { openPositionLink, reportStart } = await import('../../../../shared/services/positions.js');

afterEach(() => vi.resetAllMocks());

const call = (routeKey: string, body?: string, headers: Record<string, string> = FORM) =>
  route(
    request(routeKey, {
      pathParameters: { token: 't0ken' },
      headers,
      ...(body !== undefined && { body }),
    }),
  );

function context(): PositionStartContext {
  return {
    link: {
      pk: 'LINK#h',
      sk: 'LINK',
      purpose: 'position',
      applicationId: APP_ID,
      round: 2,
      holder: 'kontakt@osteroy.kommune.no',
      expiresAt: '2027-12-02T23:00:00.000Z',
      expiresAtEpoch: 1_900_000_000,
    },
    grant: grantItem({ positions: 2 }),
    position: {
      position: 2,
      candidate: { kind: 'new-position' },
      status: 'AWAITING_START',
      years: 5,
    },
    decidedOn: '2026-12-03',
    lastDay: '2027-12-02T22:59:59.999Z',
  };
}

describe('GET /positions/{token}', () => {
  it('shows the position, its years and deadline, and the form; it changes nothing', async () => {
    vi.mocked(openPositionLink).mockResolvedValue(context());
    const answer = await call('GET /positions/{token}');
    expect(answer.statusCode).toBe(200);
    expect(reportStart).not.toHaveBeenCalled();
    expect(answer.body).toContain('stilling 2');
    expect(answer.body).toContain('Osterøy kommune');
    expect(answer.body).toContain('action="/positions/t0ken"');
    for (const field of ['startDate', 'employmentModel', 'listSize']) {
      expect(answer.body).toContain(`name="${field}"`);
    }
    expect(answer.body).toContain('3. desember 2026');
  });

  it('answers JSON with the position asked about', async () => {
    vi.mocked(openPositionLink).mockResolvedValue(context());
    const answer = await call('GET /positions/{token}', undefined, { accept: 'application/json' });
    expect(JSON.parse(answer.body!)).toEqual({
      applicationId: APP_ID,
      position: 2,
      years: 5,
      decidedOn: '2026-12-03',
      lastDay: '2027-12-02T22:59:59.999Z',
    });
    expect(reportStart).not.toHaveBeenCalled();
  });

  it.each([
    [new GoneError('lapsed'), 410],
    [new NotFoundError('unknown'), 404],
    [new ConflictError([{ path: '', code: 'already-reported', message: 'Allerede meldt.' }]), 409],
  ])('answers %s with %i', async (error, status) => {
    vi.mocked(openPositionLink).mockRejectedValue(error);
    expect((await call('GET /positions/{token}')).statusCode).toBe(status);
  });
});

describe('POST /positions/{token}', () => {
  const started = { applicationId: APP_ID, position: 2, startDate: '2027-03-01', years: 5 };

  it('records the start from the form and says what follows', async () => {
    vi.mocked(reportStart).mockResolvedValue(started);
    const answer = await call(
      'POST /positions/{token}',
      'startDate=2027-03-01&employmentModel=salaried&listSize=500',
    );
    expect(answer.statusCode).toBe(200);
    expect(reportStart).toHaveBeenCalledWith('t0ken', {
      startDate: '2027-03-01',
      employmentModel: 'salaried',
      listSize: '500',
    });
    expect(answer.body).toContain('Oppstarten er registrert');
    expect(answer.body).toContain('1. mars 2027');
  });

  it('records the start from JSON', async () => {
    vi.mocked(reportStart).mockResolvedValue(started);
    const body = { startDate: '2027-03-01', employmentModel: 'salaried', listSize: 500 };
    const answer = await call('POST /positions/{token}', JSON.stringify(body), JSON_BODY);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body!)).toEqual(started);
    expect(reportStart).toHaveBeenCalledWith('t0ken', body);
  });

  it('shows the form again with the errors and the answers given', async () => {
    vi.mocked(reportStart).mockRejectedValue(
      new ValidationError([
        {
          path: 'startDate',
          code: 'before-decision',
          message: 'Startdatoen kan ikke være før vedtaket (2026-12-03).',
        },
      ]),
    );
    vi.mocked(openPositionLink).mockResolvedValue(context());
    const answer = await call(
      'POST /positions/{token}',
      'startDate=2026-11-30&employmentModel=salaried&listSize=500',
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('href="#field-startDate"');
    expect(answer.body).toContain('Startdatoen kan ikke være før vedtaket');
    expect(answer.body).toContain('value="500"');
  });

  it('answers a start reported already with 409', async () => {
    vi.mocked(reportStart).mockRejectedValue(
      new ConflictError([{ path: '', code: 'already-reported', message: 'Allerede meldt.' }]),
    );
    const answer = await call('POST /positions/{token}', '{}', JSON_BODY);
    expect(answer.statusCode).toBe(409);
  });
});
