// The links of a grant's years: the municipality's confirmation link and finance's payment link,
// with the services mocked. GET only reads; POST answers the form (or JSON); errors become 400 with
// the form again, 409, 410 or 404.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedProgrammeSettings } from '../../../support/seeded-settings.js';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../../../../shared/errors.js';
import { route } from '../../../../shared/web/router.js';
import {
  APP_ID,
  NOTIFICATION_ID,
  confirmationContext,
  grantItem,
  instalmentItem,
  paymentContext,
  paymentLine,
} from '../grant-fixtures.js';
import { FORM, JSON_BODY, request, storedApplication } from '../support.js';

// The programmes' settings as a fresh table holds them (the routes read them).
beforeEach(() => {
  seedProgrammeSettings();
});

vi.mock('../../../../shared/services/confirmations.js', () => ({
  openConfirmationLink: vi.fn(),
  confirm: vi.fn(),
}));
vi.mock('../../../../shared/services/payments.js', () => ({
  openPaymentLink: vi.fn(),
  recordPayment: vi.fn(),
}));
vi.mock('../../../../shared/services/grants.js', () => ({ readGrant: vi.fn() }));
vi.mock('../../../../shared/services/status.js', () => ({ readStatus: vi.fn() }));
vi.mock('../../../../shared/services/reviews.js', () => ({
  openDecision: vi.fn(),
  decide: vi.fn(),
}));

const { openConfirmationLink, confirm } = await import(
  '../../../../shared/services/confirmations.js'
);
const { openPaymentLink, recordPayment } = await import('../../../../shared/services/payments.js');
const { readGrant } = await import('../../../../shared/services/grants.js');
const { readStatus } = await import('../../../../shared/services/status.js');
const { openDecision, decide } = await import('../../../../shared/services/reviews.js');

afterEach(() => vi.resetAllMocks());

const call = (routeKey: string, body?: string, headers: Record<string, string> = FORM) =>
  route(
    request(routeKey, {
      pathParameters: { token: 't0ken' },
      headers,
      ...(body !== undefined && { body }),
    }),
  );

describe('GET /confirmations/{token}', () => {
  it('shows the grant, the year and its amounts, and the form; it changes nothing', async () => {
    vi.mocked(openConfirmationLink).mockResolvedValue(confirmationContext());
    const answer = await call('GET /confirmations/{token}');
    expect(answer.statusCode).toBe(200);
    expect(openConfirmationLink).toHaveBeenCalledWith('t0ken');
    expect(confirm).not.toHaveBeenCalled();
    expect(answer.body).toContain('år 2 av 4');
    expect(answer.body).toContain('Osterøy kommune');
    expect(answer.body).toMatch(/150\s000\skr/);
    expect(answer.body).toContain('action="/confirmations/t0ken"');
    expect(answer.body).toContain('name="status"');
    expect(answer.body).toContain('name="listSize"');
    expect(answer.body).toContain('name="endDate"');
    // The application's employment model is the likeliest answer.
    expect(answer.body).toMatch(/value="salaried" checked/);
    expect(answer.body).not.toContain('task-token-never-shown');
  });

  it.each([
    [new GoneError('expired'), 410],
    [new NotFoundError('unknown'), 404],
    [new ConflictError([{ path: '', code: 'already-answered', message: 'Allerede sendt.' }]), 409],
  ])('answers %s with %i', async (error, status) => {
    vi.mocked(openConfirmationLink).mockRejectedValue(error);
    const answer = await call('GET /confirmations/{token}');
    expect(answer.statusCode).toBe(status);
  });
});

describe('a confirmation link that asks about two positions', () => {
  function twoPositions() {
    const context = confirmationContext();
    const second = {
      confirmation: {
        ...context.confirmation,
        sk: 'CONFIRMATION#P002#002',
        position: 2,
      },
      instalment: instalmentItem(2, {
        sk: 'INSTALMENT#P002#002',
        position: 2,
        years: 5,
        status: 'AWAITING_CONFIRMATION',
      }),
    };
    return { ...context, grant: grantItem({ positions: 2 }), asked: [...context.asked, second] };
  }

  it('shows an answer for each position', async () => {
    vi.mocked(openConfirmationLink).mockResolvedValue(twoPositions());
    const answer = await call('GET /confirmations/{token}');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Bekreft 2 ALIS-stillinger');
    expect(answer.body).toContain('Stilling 1, år 2 av 4');
    expect(answer.body).toContain('Stilling 2, år 2 av 5');
    for (const i of [0, 1]) {
      expect(answer.body).toContain(`name="positions.${i}.position" value="${i + 1}"`);
      for (const field of ['status', 'employmentModel', 'listSize', 'endDate']) {
        expect(answer.body).toContain(`name="positions.${i}.${field}"`);
      }
    }
    expect(confirm).not.toHaveBeenCalled();
  });

  it('sends the form’s answers as one per position', async () => {
    vi.mocked(confirm).mockResolvedValue({
      applicationId: APP_ID,
      year: 2,
      status: 'continuing',
      positions: [
        { position: 1, year: 2, status: 'continuing' },
        { position: 2, year: 2, status: 'ended' },
      ],
    });
    const answer = await call(
      'POST /confirmations/{token}',
      [
        'positions.0.position=1',
        'positions.0.status=continuing',
        'positions.0.employmentModel=salaried',
        'positions.0.listSize=650',
        'positions.0.endDate=',
        'positions.1.position=2',
        'positions.1.status=ended',
        'positions.1.listSize=',
        'positions.1.endDate=2027-12-10',
      ].join('&'),
    );
    expect(answer.statusCode).toBe(200);
    expect(confirm).toHaveBeenCalledWith('t0ken', {
      positions: [
        {
          position: 1,
          status: 'continuing',
          employmentModel: 'salaried',
          listSize: '650',
          endDate: '',
        },
        { position: 2, status: 'ended', listSize: '', endDate: '2027-12-10' },
      ],
    });
    expect(answer.body).toContain('Stilling 1, år 2: legen er fortsatt i stillingen');
    expect(answer.body).toContain('Stilling 2, år 2: stillingen er avsluttet');
  });

  it('shows the errors by position, with every answer kept', async () => {
    vi.mocked(confirm).mockRejectedValue(
      new ValidationError([
        { path: 'positions.1.endDate', code: 'required', message: 'Fyll inn sluttdatoen.' },
      ]),
    );
    vi.mocked(openConfirmationLink).mockResolvedValue(twoPositions());
    const answer = await call(
      'POST /confirmations/{token}',
      'positions.0.position=1&positions.0.status=continuing&positions.0.listSize=777&positions.1.position=2&positions.1.status=ended',
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('href="#field-positions-1-endDate"');
    expect(answer.body).toContain('Stilling 2: Sluttdato: Fyll inn sluttdatoen.');
    expect(answer.body).toContain('value="777"');
  });
});

describe('POST /confirmations/{token}', () => {
  it('records a continuing position from a form post and thanks', async () => {
    vi.mocked(confirm).mockResolvedValue({
      applicationId: APP_ID,
      year: 2,
      status: 'continuing',
      positions: [{ position: 1, year: 2, status: 'continuing' }],
    });
    const answer = await call(
      'POST /confirmations/{token}',
      'status=continuing&employmentModel=salaried&listSize=800&endDate=',
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Takk for bekreftelsen');
    expect(confirm).toHaveBeenCalledWith('t0ken', {
      status: 'continuing',
      employmentModel: 'salaried',
      listSize: '800',
      endDate: '',
    });
  });

  it('answers JSON with JSON', async () => {
    vi.mocked(confirm).mockResolvedValue({
      applicationId: APP_ID,
      year: 2,
      status: 'ended',
      positions: [{ position: 1, year: 2, status: 'ended' }],
    });
    const body = { status: 'ended', endDate: '2027-08-31' };
    const answer = await call('POST /confirmations/{token}', JSON.stringify(body), JSON_BODY);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body!)).toEqual({
      applicationId: APP_ID,
      year: 2,
      status: 'ended',
      positions: [{ position: 1, year: 2, status: 'ended' }],
    });
    expect(confirm).toHaveBeenCalledWith('t0ken', body);
  });

  it('shows the form again with the summary, the message and the values kept', async () => {
    vi.mocked(confirm).mockRejectedValue(
      new ValidationError([
        { path: 'endDate', code: 'invalid-date', message: 'Skriv en gyldig dato.' },
      ]),
    );
    vi.mocked(openConfirmationLink).mockResolvedValue(confirmationContext());
    const answer = await call('POST /confirmations/{token}', 'status=ended&endDate=%3Cb%3E31.08');
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('id="feiloppsummering"');
    expect(answer.body).toContain('href="#field-endDate"');
    expect(answer.body).toContain('Skriv en gyldig dato.');
    expect(answer.body).toContain('value="&lt;b>31.08"');
    expect(answer.body).toMatch(/value="ended" checked/);
    expect(answer.body).not.toContain('<b>');
  });

  it('answers a JSON body of the wrong types with 400 and field errors', async () => {
    vi.mocked(confirm).mockRejectedValue(
      new ValidationError([{ path: 'status', code: 'required', message: 'Velg.' }]),
    );
    const answer = await call('POST /confirmations/{token}', '{"status":[1]}', JSON_BODY);
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body!).errors[0].path).toBe('status');
  });

  it.each([
    [new ConflictError([{ path: '', code: 'already-answered', message: 'Allerede sendt.' }]), 409],
    [new GoneError('expired'), 410],
    [new NotFoundError('unknown'), 404],
  ])('answers %s with %i', async (error, status) => {
    vi.mocked(confirm).mockRejectedValue(error);
    const answer = await call('POST /confirmations/{token}', 'status=continuing');
    expect(answer.statusCode).toBe(status);
  });
});

describe('GET /payments/{token}', () => {
  it('lists the instalments with amounts and states, and offers the unpaid ones; changes nothing', async () => {
    vi.mocked(openPaymentLink).mockResolvedValue(paymentContext());
    const answer = await call('GET /payments/{token}');
    expect(answer.statusCode).toBe(200);
    expect(recordPayment).not.toHaveBeenCalled();
    expect(answer.body).toContain(NOTIFICATION_ID);
    expect(answer.body).toContain('Meldt til økonomi');
    expect(answer.body).toContain('Utbetalt 20. desember 2027');
    expect(answer.body).toContain(`value="${APP_ID}:2"`);
    expect(answer.body).toContain('value="AV-2026-ZZZZZZZZ:1"');
    // A paid one cannot be ticked again.
    expect(answer.body).not.toContain('value="AV-2026-YYYYYYYY:3"');
    expect(answer.body).toContain('<caption>');
  });

  it('shows no form when everything is recorded', async () => {
    vi.mocked(openPaymentLink).mockResolvedValue(
      paymentContext([paymentLine({ status: 'PAID', paidOn: '2028-01-05' })]),
    );
    const answer = await call('GET /payments/{token}');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toContain('<form');
    expect(answer.body).toContain('Alle utbetalingene i varselet er registrert');
  });

  it('answers 404 for an unknown link', async () => {
    vi.mocked(openPaymentLink).mockRejectedValue(new NotFoundError('unknown'));
    expect((await call('GET /payments/{token}')).statusCode).toBe(404);
  });
});

describe('POST /payments/{token}', () => {
  // The payment's rules (dates, an empty list, rows of the notification) are the domain's
  // (parsePaymentRecord); the route passes on what it read and shows the refusal.
  beforeEach(() => vi.mocked(openPaymentLink).mockResolvedValue(paymentContext()));

  it('passes an empty instalment field on, and shows the refusal on the form', async () => {
    vi.mocked(recordPayment).mockRejectedValue(
      new ValidationError([
        { path: 'instalment', code: 'empty', message: 'Velg minst én utbetaling.' },
      ]),
    );
    const answer = await call('POST /payments/{token}', 'paidOn=2028-01-05&instalment=');
    expect(recordPayment).toHaveBeenCalledWith('t0ken', { paidOn: '2028-01-05', instalment: [''] });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('Velg minst én utbetaling');
  });

  it('marks the ticked instalments and lists what was marked', async () => {
    vi.mocked(recordPayment).mockResolvedValue({
      notificationId: NOTIFICATION_ID,
      paid: [paymentLine({ status: 'PAID', paidOn: '2028-01-05' })],
    });
    const answer = await call(
      'POST /payments/{token}',
      `paidOn=2028-01-05&instalment=${encodeURIComponent(`${APP_ID}:2`)}&instalment=x`,
    );
    expect(answer.statusCode).toBe(200);
    expect(recordPayment).toHaveBeenCalledWith('t0ken', {
      paidOn: '2028-01-05',
      instalment: [`${APP_ID}:2`, 'x'],
    });
    expect(answer.body).toContain('Utbetalingen er registrert');
    expect(answer.body).toContain('5. januar 2028');
    expect(answer.body).toContain('Osterøy kommune');
  });

  it('sends no instalment when none is ticked, so the service marks all unpaid', async () => {
    vi.mocked(recordPayment).mockResolvedValue({ notificationId: NOTIFICATION_ID, paid: [] });
    await call('POST /payments/{token}', 'paidOn=2028-01-05');
    expect(recordPayment).toHaveBeenCalledWith('t0ken', {
      paidOn: '2028-01-05',
      instalment: undefined,
    });
  });

  it('answers JSON with JSON', async () => {
    vi.mocked(recordPayment).mockResolvedValue({
      notificationId: NOTIFICATION_ID,
      paid: [paymentLine({ status: 'PAID', paidOn: '2028-01-05' })],
    });
    const answer = await call('POST /payments/{token}', '{"paidOn":"2028-01-05"}', JSON_BODY);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body!)).toEqual({
      notificationId: NOTIFICATION_ID,
      paid: [
        { id: `${APP_ID}:2`, applicationId: APP_ID, year: 2, net: 150_000, paidOn: '2028-01-05' },
      ],
    });
    expect(recordPayment).toHaveBeenCalledWith('t0ken', { paidOn: '2028-01-05' });
  });

  it('shows the form again with the message and the values kept', async () => {
    vi.mocked(recordPayment).mockRejectedValue(
      new ValidationError([{ path: 'paidOn', code: 'in-future', message: 'Ikke frem i tid.' }]),
    );
    vi.mocked(openPaymentLink).mockResolvedValue(paymentContext());
    const answer = await call(
      'POST /payments/{token}',
      `paidOn=2099-01-01&instalment=${encodeURIComponent('AV-2026-ZZZZZZZZ:1')}`,
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('href="#field-paidOn"');
    expect(answer.body).toContain('Ikke frem i tid.');
    expect(answer.body).toContain('value="2099-01-01"');
    expect(answer.body).toMatch(/value="AV-2026-ZZZZZZZZ:1" checked/);
    expect(answer.body).not.toMatch(new RegExp(`value="${APP_ID}:2" checked`));
  });

  it('answers 409 when nothing is left to mark, 404 for an unknown link', async () => {
    vi.mocked(recordPayment).mockRejectedValue(
      new ConflictError([
        { path: 'instalment', code: 'nothing-to-mark', message: 'Alt er betalt.' },
      ]),
    );
    const conflict = await call('POST /payments/{token}', 'paidOn=2028-01-05');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Alt er betalt.');
    vi.mocked(recordPayment).mockRejectedValue(new NotFoundError('unknown'));
    expect((await call('POST /payments/{token}', 'paidOn=2028-01-05')).statusCode).toBe(404);
  });
});

describe('GET /decisions/{token} and its yearly amount', () => {
  function decisionContext() {
    return {
      app: { ...storedApplication(), programme: 'alis-vest' as const, roundId: 'alis-vest-2027' },
      link: {
        pk: 'LINK#h',
        sk: 'LINK',
        purpose: 'decision' as const,
        applicationId: 'AN-2026-ABCDEFGH',
        round: 1,
        holder: 'fagrad1@alis-vest.example.no',
        expiresAt: '2026-12-03T09:15:00Z',
        expiresAtEpoch: 0,
      },
      round: {
        pk: 'p',
        sk: 's',
        applicationId: 'AN-2026-ABCDEFGH',
        round: 1,
        taskToken: 't',
        status: 'OPEN' as const,
        requestedAt: '2026-11-03T09:15:00Z',
        windowStart: '2026-11-03T09:15:00Z',
        windowEnd: '2026-12-05T09:15:00Z',
        reviewers: [],
      },
    };
  }

  it("prefills the programme's maximum and names the allowed range", async () => {
    vi.mocked(openDecision).mockResolvedValue(decisionContext() as never);
    const answer = await call('GET /decisions/{token}');
    expect(answer.body).toContain('name="yearlyAmount"');
    expect(answer.body).toContain('value="200000"');
    expect(answer.body).toMatch(/inntil 200\s000\skr/);
    expect(answer.body).toMatch(/Minst egenandelen på 50\s000\skr og høyst 200\s000\skr/);
    expect(decide).not.toHaveBeenCalled();
  });

  it('passes the amount to the service and keeps it on a 400', async () => {
    vi.mocked(decide).mockRejectedValue(
      new ValidationError([{ path: 'yearlyAmount', code: 'too-large', message: 'For mye.' }]),
    );
    vi.mocked(openDecision).mockResolvedValue(decisionContext() as never);
    const answer = await call('POST /decisions/{token}', 'decision=approve&yearlyAmount=250+000');
    expect(decide).toHaveBeenCalledWith('t0ken', {
      decision: 'approve',
      comment: undefined,
      yearlyAmount: '250 000',
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('href="#field-yearlyAmount"');
    expect(answer.body).toContain('value="250 000"');
  });
});

describe('GET /status/{token} with a grant', () => {
  const approved = { ...storedApplication(), status: 'APPROVED' as const };
  const grant = () => ({
    grant: grantItem(),
    positions: [
      {
        position: 1,
        candidate: { kind: 'new-position' as const },
        status: 'ACTIVE' as const,
        startDate: '2027-01-01',
        years: 4,
        employmentModel: 'salaried' as const,
      },
    ],
    instalments: [
      instalmentItem(1, { status: 'PAID', paidOn: '2027-01-05' }),
      instalmentItem(2, { status: 'HELD' }),
      instalmentItem(3),
      instalmentItem(4),
    ],
  });

  it('answers the contract JSON with the grant and every year', async () => {
    vi.mocked(readStatus).mockResolvedValue({ app: approved, history: [] });
    vi.mocked(readGrant).mockResolvedValue(grant());
    const answer = await call('GET /status/{token}', undefined, { accept: 'application/json' });
    const body = JSON.parse(answer.body!);
    expect(body.grant).toEqual({
      status: 'ACTIVE',
      startDate: '2027-01-01',
      years: 4,
      yearlyAmount: 200_000,
      positions: [
        {
          position: 1,
          status: 'ACTIVE',
          startDate: '2027-01-01',
          years: 4,
          employmentModel: 'salaried',
        },
      ],
      instalments: [1, 2, 3, 4].map((year) => ({
        position: 1,
        year,
        dueDate: `${2026 + year}-01-01`,
        grant: 200_000,
        egenandel: 50_000,
        net: 150_000,
        status: year === 1 ? 'PAID' : year === 2 ? 'HELD' : 'SCHEDULED',
      })),
    });
    expect(readGrant).toHaveBeenCalledWith(approved.applicationId);
  });

  it('shows the grant and a table of its years', async () => {
    vi.mocked(readStatus).mockResolvedValue({ app: approved, history: [] });
    vi.mocked(readGrant).mockResolvedValue(grant());
    const answer = await call('GET /status/{token}', undefined, {});
    expect(answer.body).toContain('Tilskudd løper');
    expect(answer.body).toContain('Holdt tilbake');
    expect(answer.body).toContain('Utbetalt 5. januar 2027');
    expect(answer.body).toContain('Planlagt');
    expect(answer.body).toMatch(/Egenandel per stilling per år<\/dt><dd>50\s000\skr/);
  });

  it('reads no grant before approval, and the JSON has none', async () => {
    vi.mocked(readStatus).mockResolvedValue({ app: storedApplication(), history: [] });
    const answer = await call('GET /status/{token}', undefined, { accept: 'application/json' });
    expect(readGrant).not.toHaveBeenCalled();
    expect(JSON.parse(answer.body!)).not.toHaveProperty('grant');
  });
});
