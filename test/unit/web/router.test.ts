import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTE_KEYS } from '../../../shared/http-routes.js';
import { NotFoundError } from '../../../shared/errors.js';
import { route } from '../../../shared/web/router.js';
import { financeRoutes } from '../../../shared/web/routes/finance.js';
import { draftRoutes } from '../../../shared/web/routes/drafts.js';
import { documentRoutes } from '../../../shared/web/routes/documents.js';
import { calculatorRoutes } from '../../../shared/web/routes/calculator.js';
import { aboutRoutes } from '../../../shared/web/routes/about.js';
import { municipalityRoutes } from '../../../shared/web/routes/municipality.js';
import { publicRoutes } from '../../../shared/web/routes/public.js';
import { reviewerRoutes } from '../../../shared/web/routes/reviewers.js';
import { staffRoutes } from '../../../shared/web/routes/staff.js';
import { letterRoutes } from '../../../shared/web/routes/letters.js';
import { request, storedApplication } from './support.js';

vi.mock('../../../shared/services/status.js', () => ({ readStatus: vi.fn() }));
vi.mock('../../../shared/services/submission.js', () => ({ submitApplication: vi.fn() }));
vi.mock('../../../shared/services/reviews.js', () => ({ openDecision: vi.fn(), decide: vi.fn() }));
vi.mock('../../../shared/services/changes.js', () => ({
  openAmendment: vi.fn(),
  amendApplication: vi.fn(),
}));

const { readStatus } = await import('../../../shared/services/status.js');

beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

describe('the router', () => {
  it('has one route for each route key of the API, grouped by audience', () => {
    const grouped = [
      publicRoutes,
      reviewerRoutes,
      municipalityRoutes,
      financeRoutes,
      calculatorRoutes,
      aboutRoutes,
      draftRoutes,
      letterRoutes,
      documentRoutes,
      staffRoutes,
    ].flatMap(Object.keys);
    expect(grouped.toSorted()).toEqual([...ROUTE_KEYS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it.each(['GET /nowhere', 'constructor', 'toString'])(
    'answers 404 for a route key it does not have: %s',
    async (routeKey) => {
      const answer = await route(request(routeKey));
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toContain('Fant ikke siden');
    },
  );

  it('answers 404 in JSON to a client that asks for JSON', async () => {
    const answer = await route(
      request('GET /nowhere', { headers: { accept: 'application/json' } }),
    );
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body!)).toEqual({
      errors: [{ path: '', code: 'not-found', message: expect.any(String) }],
    });
  });

  it('turns an error a route throws into an answer', async () => {
    vi.mocked(readStatus).mockRejectedValue(new NotFoundError('no such link'));
    const answer = await route(request('GET /status/{token}', { pathParameters: { token: 'x' } }));
    expect(answer.statusCode).toBe(404);
  });

  it('answers an unexpected failure with 500 and no details', async () => {
    vi.mocked(readStatus).mockRejectedValue(new Error('table "secret-table" is on fire'));
    const answer = await route(request('GET /status/{token}', { pathParameters: { token: 'x' } }));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('on fire');
    expect(answer.body).toContain('Noe gikk galt');
  });

  it('serves a stored application to its status link', async () => {
    vi.mocked(readStatus).mockResolvedValue({ app: storedApplication(), history: [] });
    const answer = await route(request('GET /status/{token}', { pathParameters: { token: 'x' } }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('AN-2026-ABCDEFGH');
  });
});
