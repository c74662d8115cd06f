import { describe, expect, it } from 'vitest';
import {
  validateApplication,
  type Application,
  type FieldError,
} from '../../../shared/domain/application.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { buildStylesheet } from '../../../scripts/build-assets.js';
import {
  STYLESHEET,
  STYLESHEET_PATH,
} from '../../../shared/web/assets/designsystemet.generated.js';
import {
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
  type FormValues,
} from '../../../shared/web/form/convert.js';
import { formValuesToSearchParams } from '../../support/form.js';
import {
  alreadyDecidedPage,
  amendmentReceivedPage,
  applicationFormPage,
  approvalRefusedPage,
  confirmationPage,
  confirmationRecordedPage,
  decisionPage,
  decisionRecordedPage,
  landingPage,
  messagePage,
  paymentPage,
  paymentRecordedPage,
  receiptPage,
  statusPage,
} from '../../../shared/web/pages/index.js';
import nord from '../../fixtures/application-alis-nord.json';

const EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const programme = PROGRAMMES['alis-nord'];
const round = programme.rounds.at(-1)!;

/** Every string in a value replaced by the attack string (numbers and booleans kept). */
function poisoned<T>(value: T): T {
  if (typeof value === 'string') return EVIL as T;
  if (Array.isArray(value)) return value.map(poisoned) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v)])) as T;
  return value;
}

function application(): Application {
  const result = validateApplication(nord);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

function errorsFor(form: URLSearchParams): FieldError[] {
  const result = validateApplication(formToApplicationInput(form));
  return result.ok ? [] : result.errors;
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const match = new RegExp(
    `<(?:input|select|textarea|fieldset|div|p)\\b[^>]*\\bid="${id}"[^>]*>`,
  ).exec(html);
  if (!match) throw new Error(`no element #${id}`);
  return match[0];
}

function poisonedLine() {
  return {
    id: EVIL,
    applicationId: EVIL,
    municipalityName: EVIL,
    organisationNumber: EVIL,
    position: 1,
    year: 1,
    years: 5,
    dueDate: EVIL,
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    status: 'NOTIFIED' as const,
    paidOn: EVIL,
  };
}

function poisonedPages(): Record<string, string> {
  const app = poisoned(application());
  const values: FormValues = poisoned(applicationToFormValues(application()));
  const errors: FieldError[] = [
    { path: 'contact.name', code: 'required', message: EVIL },
    { path: EVIL, code: 'x', message: EVIL },
  ];
  return {
    landing: landingPage({
      programmes: [
        { id: EVIL, name: EVIL, owner: EVIL, openRound: { name: EVIL, closesAt: EVIL } },
      ],
    }),
    form: applicationFormPage({
      programme,
      round: { ...round, name: EVIL },
      action: EVIL,
      mode: 'amend',
      values,
      errors,
      idempotencyKey: EVIL,
      changeRequestComment: EVIL,
    }),
    receipt: receiptPage({ applicationId: EVIL, programmeName: EVIL, statusUrl: EVIL }),
    status: statusPage({
      applicationId: EVIL,
      programmeName: EVIL,
      municipalityName: EVIL,
      status: EVIL,
      history: [{ at: EVIL, type: EVIL, by: EVIL, comment: EVIL }],
    }),
    decision: decisionPage({
      applicationId: EVIL,
      application: app,
      programmeName: EVIL,
      programme,
      submittedAt: EVIL,
      reviewer: EVIL,
      expiresAt: EVIL,
      action: EVIL,
      errors: [{ path: 'comment', code: 'x', message: EVIL }],
      values: { decision: EVIL, comment: EVIL, yearlyAmount: EVIL },
    }),
    statusWithGrant: statusPage({
      applicationId: EVIL,
      programmeName: EVIL,
      municipalityName: EVIL,
      status: 'ENDED',
      history: [],
      grant: {
        status: EVIL,
        startDate: EVIL,
        years: 2,
        positions: [{ position: 1, status: 'ACTIVE', startDate: '2027-01-01', years: 4 }],
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 50_000,
        endedOn: EVIL,
        endReason: EVIL,
        instalments: [
          {
            position: 1,
            year: 1,
            dueDate: EVIL,
            grant: 1,
            egenandel: 0,
            net: 1,
            status: EVIL as never,
            paidOn: EVIL,
          },
        ],
      },
    }),
    confirmation: confirmationPage({
      applicationId: EVIL,
      programmeName: EVIL,
      municipalityName: EVIL,
      positions: 1,
      startDate: EVIL,
      employmentModels: ['salaried'],
      instalment: {
        year: 2,
        years: 5,
        dueDate: EVIL,
        grant: 1,
        egenandel: 0,
        net: 1,
        // The store holds only known statuses; an unknown one is still escaped.
        status: EVIL as never,
      },
      expiresAt: EVIL,
      action: EVIL,
      errors: [
        { path: 'listSize', code: 'x', message: EVIL },
        { path: EVIL, code: 'x', message: EVIL },
      ],
      values: { status: EVIL, employmentModel: EVIL, listSize: EVIL, endDate: EVIL },
    }),
    confirmationRecorded: confirmationRecordedPage({
      applicationId: EVIL,
      year: 2,
      status: 'ended',
    }),
    payment: paymentPage({
      notificationId: EVIL,
      programmeName: EVIL,
      lines: [poisonedLine()],
      action: EVIL,
      errors: [{ path: 'paidOn', code: 'x', message: EVIL }],
      values: { paidOn: EVIL, instalment: [EVIL] },
    }),
    paymentRecorded: paymentRecordedPage({ notificationId: EVIL, paid: [poisonedLine()] }),
    decisionRecorded: decisionRecordedPage({ applicationId: EVIL, decision: 'reject' }),
    alreadyDecided: alreadyDecidedPage({
      applicationId: EVIL,
      decidedBy: EVIL,
      decision: EVIL,
      decidedAt: EVIL,
    }),
    approvalRefused: approvalRefusedPage({ applicationId: EVIL, reason: EVIL, action: EVIL }),
    amendmentReceived: amendmentReceivedPage({ applicationId: EVIL }),
    message: messagePage({ title: EVIL, message: EVIL }),
  };
}

describe('pages', () => {
  it.each(Object.entries(poisonedPages()))('%s escapes every value it shows', (_name, html) => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script>');
  });

  it.each(Object.entries(poisonedPages()))(
    '%s is a whole Norwegian document with one h1, landmarks and the stylesheet',
    (_name, html) => {
      expect(html.startsWith('<!doctype html><html lang="nb">')).toBe(true);
      expect(html.match(/<h1\b/g)).toHaveLength(1);
      expect(html).toMatch(/<a class="ds-skip-link" href="#hovedinnhold">/);
      expect(html).toMatch(/<header\b/);
      expect(html).toMatch(/<main id="hovedinnhold"/);
      expect(html).toMatch(/<footer\b/);
      expect(html).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}"/>`);
    },
  );

  it.each(Object.entries(poisonedPages()))(
    '%s sends no Referer anywhere, as the no-referrer header says',
    (_name, html) => {
      expect(html).toContain('<meta name="referrer" content="no-referrer"/>');
      expect(html).not.toContain('same-origin');
    },
  );

  it('links a stylesheet whose name carries a hash of its content', () => {
    expect(STYLESHEET_PATH).toMatch(/^\/assets\/site-[0-9a-f]{12}\.css$/);
    expect(STYLESHEET).toContain('.ds-button');
    expect(STYLESHEET).toContain('.site-header');
    expect(STYLESHEET).not.toMatch(/@import|https?:\/\/(?!www\.w3\.org)/);
  });

  it('serves the stylesheet as built from the current sources (else run `npm run prepare`)', () => {
    expect(buildStylesheet().path).toBe(STYLESHEET_PATH);
  });
});

describe('application form page', () => {
  const posted = () => {
    const values = applicationToFormValues(application());
    return formValuesToSearchParams({
      ...values,
      'contact.name': '',
      'supervisor.hoursPerMonth': '1',
      recruitmentSituation: 'Vi mangler leger.\nTo hjemler står ledige.',
      'practice.equipment': ['ecg', 'doppler'],
    });
  };

  function render(form: URLSearchParams) {
    return applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: formValuesFrom(form),
      errors: errorsFor(form),
      idempotencyKey: 'k-123',
    });
  }

  it('shows an error summary at the top that links to each field in error', () => {
    const html = render(posted());

    expect(html).toContain('<title>Feil: ');
    const summary = /<section class="ds-error-summary"[^>]*>[\s\S]*?<\/section>/.exec(html)![0];
    expect(summary).toContain('autofocus');
    expect(summary).toContain('href="#field-contact-name"');
    expect(summary).toContain('href="#field-supervisor-hoursPerMonth"');
    expect(summary).toContain('ALIS-Nord krever minst 3 timer strukturert veiledning i måneden.');
    expect(html.indexOf('ds-error-summary')).toBeLessThan(html.indexOf('<form'));
  });

  it('puts each message by its field and ties it to the input', () => {
    const html = render(posted());

    const input = tagWithId(html, 'field-supervisor-hoursPerMonth');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain(
      'aria-describedby="field-supervisor-hoursPerMonth-hint field-supervisor-hoursPerMonth-error"',
    );
    expect(tagWithId(html, 'field-supervisor-hoursPerMonth-error')).toContain(
      'ds-validation-message',
    );
    expect(tagWithId(html, 'field-contact-name')).toContain('aria-invalid="true"');
    expect(tagWithId(html, 'field-contact-role')).not.toContain('aria-invalid');
  });

  it('keeps the values that were posted', () => {
    const html = render(posted());

    expect(tagWithId(html, 'field-supervisor-hoursPerMonth')).toContain('value="1"');
    expect(tagWithId(html, 'field-contact-email')).toContain(
      'value="kari.nordmann@vadso.example.no"',
    );
    expect(html).toContain('>Vi mangler leger.\nTo hjemler står ledige.</textarea>');
    expect(html).toMatch(/<option value="5607" selected>/);
    expect(tagWithId(html, 'field-employmentModel')).toMatch(/value="salaried" checked/);
    expect(tagWithId(html, 'field-practice-equipment')).toMatch(/value="ecg" checked/);
    expect(tagWithId(html, 'field-practice-equipment-doppler')).toContain('checked');
    expect(tagWithId(html, 'field-practice-equipment-spirometry')).not.toContain('checked');
    expect(tagWithId(html, 'field-practice-doctors-2-specialty')).toContain('value="LIS1"');
    expect(html).toContain('name="idempotencyKey" value="k-123"');
  });

  it('offers the municipalities, regions and employment models of its programme only', () => {
    const html = applicationFormPage({
      programme: PROGRAMMES['alis-vest'],
      round: PROGRAMMES['alis-vest'].rounds.at(-1)!,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
    });

    expect(html).toContain('<option value="4634">Masfjorden (4634)</option>');
    expect(html).not.toContain('value="5607"');
    expect(html).toContain('value="helse-bergen"');
    expect(html).not.toContain('value="unn"');
    expect(html).toContain('value="salaried"');
    expect(html).not.toContain('value="self-employed"');
    expect(html).not.toContain('ds-error-summary');
  });

  it('labels and describes every input', () => {
    const html = applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
    });
    const inputs = [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => !tag.includes('type="hidden"'));

    for (const tag of inputs) {
      const id = /\bid="([^"]+)"/.exec(tag)?.[1];
      expect(id, tag).toBeTruthy();
      expect(html, `label for ${id}`).toContain(`for="${id}"`);
    }
    expect(inputs.length).toBeGreaterThan(40);
  });
});

describe('the programmes’ own words on the form', () => {
  const form = (id: 'alis-nord' | 'alis-vest') =>
    applicationFormPage({
      programme: PROGRAMMES[id],
      round: PROGRAMMES[id].rounds.at(-1)!,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
      idempotencyKey: 'k-123',
    });

  it('calls item 3 daglig supervisjon and the bought-out list a frikjøpt liste', () => {
    const html = form('alis-nord');
    expect(html).toContain('3. Daglig supervisjon');
    expect(html).toContain('daglig supervisjon fra en kollega');
    expect(html).not.toMatch(/daglig veiledning/i);
    expect(html).toContain('Frikjøpt liste i privat senter');
    expect(html).not.toMatch(/utkjøpt/i);
    expect(html).toContain('bakvakt inntil legen er godkjent spesialist');
  });

  it('gives the self-employed model a fixed subsidy, not a guaranteed income', () => {
    const html = form('alis-nord');
    expect(html).toContain('fast tilskudd');
    expect(html).not.toContain('garantert inntekt');
  });

  it("states ALIS-Vest's grant as a ceiling for the training's extra costs, and the egenandel per position", () => {
    const html = form('alis-vest');
    expect(html).toMatch(
      /Inntil 200\s000\skr per år per ALIS i 5 år, til ekstra kostnader ved utdanningen/,
    );
    expect(html).toMatch(/egenandel 50\s000\skr per stilling per år/);
  });

  it("states ALIS-Nord's grant as an amount, without egenandel", () => {
    const html = form('alis-nord');
    expect(html).toMatch(/200\s000\skr per år per ALIS i 5 år/);
    expect(html).not.toMatch(/inntil 200/i);
    expect(html).not.toContain('egenandel');
  });
});
