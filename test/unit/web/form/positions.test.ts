// The application form asks per position: the number of positions, and each position's candidate.
// These tests hold the conversion both ways, the hostile posts, and where each message shows.

import { describe, expect, it } from 'vitest';
import {
  validateApplication,
  type Application,
  type FieldError,
} from '../../../../shared/domain/application.js';
import { PROGRAMMES, type Programme } from '../../../../shared/domain/programmes.js';
import { ValidationError } from '../../../../shared/errors.js';
import {
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
  type FormValues,
} from '../../../../shared/web/form/convert.js';
import { fieldForError, formSections, leafFields } from '../../../../shared/web/form/fields.js';
import { refuseRepeatedFields } from '../../../../shared/web/form/lists.js';
import { applicationFormPage } from '../../../../shared/web/pages/index.js';
import { formValuesToSearchParams } from '../../../support/form.js';
import nord from '../../../fixtures/application-alis-nord.json';

const programme = PROGRAMMES['alis-nord'];
const round = programme.rounds.at(-1)!;

function parsed(fixture: unknown): Application {
  const result = validateApplication(fixture);
  if (!result.ok) throw new Error(`fixture invalid: ${JSON.stringify(result.errors)}`);
  return result.application;
}

const NEW = { kind: 'new-position' } as const;
const EMPLOYED = { kind: 'employed-doctor', monthsCompleted: 30 } as const;

/** The nord fixture asking for these positions, as the domain stores it (not validated). */
function withPositions(...candidates: Application['candidate'][]): Application {
  return {
    ...parsed(nord),
    positionsRequested: candidates.length,
    candidate: candidates[0]!,
    positions: candidates.map((candidate) => ({ candidate })),
  };
}

/** The nord fixture's form values with the positions fields replaced. */
function posted(positions: FormValues): URLSearchParams {
  const values = applicationToFormValues(parsed(nord));
  for (const name of Object.keys(values)) if (name.startsWith('positions')) delete values[name];
  return formValuesToSearchParams({ ...values, ...positions });
}

function inputOf(form: URLSearchParams) {
  return formToApplicationInput(form) as Record<string, unknown> & { positions: unknown };
}

function errorsOf(form: URLSearchParams): FieldError[] {
  const result = validateApplication(formToApplicationInput(form));
  return result.ok ? [] : result.errors;
}

function render(form: URLSearchParams, p: Programme = programme) {
  return applicationFormPage({
    programme: p,
    round,
    action: '/applications',
    mode: 'new',
    values: formValuesFrom(form),
    errors: errorsOf(form),
  });
}

function summaryOf(html: string): string {
  return /<section class="ds-error-summary"[^>]*>[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

describe('the positions of the application form', () => {
  it('round-trips two positions with different candidates, every field of each', () => {
    const application = withPositions(NEW, EMPLOYED);

    const values = applicationToFormValues(application);
    const input = inputOf(formValuesToSearchParams(values));

    expect(values).toMatchObject({
      positions: '2',
      'positions.0.candidate.kind': 'new-position',
      'positions.1.candidate.kind': 'employed-doctor',
      'positions.1.candidate.monthsCompleted': '30',
    });
    expect(values).not.toHaveProperty('positions.0.candidate.monthsCompleted');
    expect(input.positions).toEqual([{ candidate: NEW }, { candidate: EMPLOYED }]);
    // The newer shape alone: beside `positionsRequested` or `candidate`, validation reads the older.
    expect(input).not.toHaveProperty('positionsRequested');
    expect(input).not.toHaveProperty('candidate');
    // Until each position has a plan of its own the domain may refuse differing candidates
    // (`mixed-candidates`); nothing else is wrong with the post.
    expect(
      errorsOf(formValuesToSearchParams(values)).filter((e) => e.code !== 'mixed-candidates'),
    ).toEqual([]);
  });

  it('round-trips two positions with the same candidate to the very application', () => {
    for (const candidate of [NEW, EMPLOYED]) {
      const { positionsRequested: _count, candidate: _one, ...fixture } = nord;
      const application = parsed({ ...fixture, positions: [{ candidate }, { candidate }] });
      const form = formValuesToSearchParams(applicationToFormValues(application));
      expect(validateApplication(formToApplicationInput(form))).toEqual({ ok: true, application });
    }
  });

  it('shows an application stored in the older shape with its candidate in each position', () => {
    const { positions: _none, ...older } = parsed({
      ...nord,
      positionsRequested: 2,
      candidate: EMPLOYED,
    });

    const values = applicationToFormValues(older);

    expect(values.positions).toBe('2');
    expect(values['positions.0.candidate.monthsCompleted']).toBe('30');
    expect(values['positions.1.candidate.monthsCompleted']).toBe('30');
    expect(inputOf(formValuesToSearchParams(values)).positions).toEqual([
      { candidate: EMPLOYED },
      { candidate: EMPLOYED },
    ]);
  });

  it('reads only as many positions as chosen, ignoring the fields of the others', () => {
    const form = posted({
      positions: '1',
      'positions.0.candidate.kind': 'new-position',
      'positions.1.candidate.kind': 'nonsense',
      'positions.1.candidate.monthsCompleted': 'mange',
    });

    expect(inputOf(form).positions).toEqual([{ candidate: NEW }]);
    expect(errorsOf(form)).toEqual([]);
    // Shown again as posted, so that a second choice of 2 finds position 2 as it was left.
    expect(formValuesFrom(form)['positions.1.candidate.kind']).toBe('nonsense');
  });

  it('names the chosen positions that lack an answer, each at its own field', () => {
    const form = posted({
      positions: '2',
      'positions.0.candidate.kind': 'new-position',
      'positions.1.candidate.kind': 'employed-doctor',
      'positions.1.candidate.monthsCompleted': '',
    });

    const errors = errorsOf(form);
    const html = render(form);
    const summary = summaryOf(html);

    expect(errors.map((e) => e.path)).toEqual(['positions.1.candidate.monthsCompleted']);
    expect(summary).toContain('href="#field-positions-1-candidate-monthsCompleted"');
    expect(summary).toContain(
      'Stilling 2, måneder legen har gjennomført i spesialiseringen: Fyll inn hvor mange måneder',
    );
    expect(html).toMatch(
      /id="field-positions-1-candidate-monthsCompleted"[^>]*aria-invalid="true"/,
    );

    const noKind = posted({ positions: '2', 'positions.0.candidate.kind': 'new-position' });
    expect(errorsOf(noKind).map((e) => e.path)).toEqual(['positions.1.candidate']);
    expect(summaryOf(render(noKind))).toContain(
      'href="#field-positions-1-candidate-kind">Stilling 2, kandidat: Velg om dere lyser ut',
    );
  });

  it('asks for the number when none is chosen, by the number field', () => {
    const form = posted({ 'positions.0.candidate.kind': 'new-position' });

    expect(errorsOf(form)).toEqual([
      expect.objectContaining({ path: 'positions', code: 'required' }),
    ]);
    const summary = summaryOf(render(form));
    expect(summary).toContain(
      'href="#field-positions">Antall ALIS-stillinger: Velg hvor mange ALIS-stillinger dere søker om.',
    );
  });

  it.each([
    ['0', 'Søk om minst én stilling.'],
    ['-3', 'Søk om minst én stilling.'],
    ['3', 'Dere kan søke om høyst 2 ALIS-stillinger.'],
    ['50', 'Dere kan søke om høyst 2 ALIS-stillinger.'],
    ['1000000000000', 'Dere kan søke om høyst 2 ALIS-stillinger.'],
    ['1e9', 'Oppgi stillingene dere søker om.'],
    ['to', 'Oppgi stillingene dere søker om.'],
    ['1,5', 'Oppgi stillingene dere søker om.'],
  ])('answers a forged number of positions %j by the number field', (count, message) => {
    const form = posted({
      positions: count,
      'positions.0.candidate.kind': 'new-position',
      'positions.1.candidate.kind': 'new-position',
    });

    const input = inputOf(form);
    const errors = errorsOf(form);
    const summary = summaryOf(render(form));

    // A huge number costs no more than the list's bound.
    if (Array.isArray(input.positions)) expect(input.positions.length).toBeLessThanOrEqual(51);
    expect(errors.length).toBeGreaterThan(0);
    const sections = formSections(programme, round);
    expect(errors.map((e) => fieldForError(e.path, sections))).toEqual(
      errors.map(() => 'positions'),
    );
    expect(summary).toContain(`href="#field-positions">Antall ALIS-stillinger: ${message}`);
    expect(summary.match(/<a /g)).toHaveLength(1);
  });

  it('ignores position fields under other names (leading zeros, negative, nested)', () => {
    const form = posted({
      positions: '1',
      'positions.00.candidate.kind': 'employed-doctor',
      'positions.-1.candidate.kind': 'employed-doctor',
      'positions.0.candidate.kind': 'new-position',
      'positions.0.candidate.kind.x': 'employed-doctor',
    });

    expect(inputOf(form).positions).toEqual([{ candidate: NEW }]);
  });

  it('refuses the number or a position field sent twice', () => {
    for (const name of ['positions', 'positions.1.candidate.kind']) {
      const form = posted({ positions: '2' });
      form.append(name, '1');
      form.append(name, '2');
      expect(() => refuseRepeatedFields(form)).toThrow(ValidationError);
      try {
        refuseRepeatedFields(form);
      } catch (error) {
        expect((error as ValidationError).errors).toEqual([
          expect.objectContaining({ path: name, code: 'repeated' }),
        ]);
      }
    }
  });

  it('offers 1 to the most positions, one fieldset for each, in singular and plural', () => {
    const html = render(posted({}));
    const number = leafFields(formSections(programme, round)).find((f) => f.path === 'positions');

    expect(number).toMatchObject({
      kind: 'radios',
      options: [
        { value: '1', label: '1 ALIS-stilling' },
        { value: '2', label: '2 ALIS-stillinger' },
      ],
    });
    expect(html.match(/<fieldset class="ds-fieldset position"/g)).toHaveLength(2);
    expect(html).toContain('<legend class="ds-label">Stilling 2</legend>');
    expect(html).toContain('Fylles bare ut når dere søker om 2 ALIS-stillinger.');
    expect(html).toContain('name="positions.1.candidate.kind"');
    expect(html).not.toContain('name="candidate.kind"');
    expect(html).not.toContain('name="positionsRequested"');
  });

  it('makes the choice when a round allows one position only', () => {
    const html = render(posted({}), { ...programme, maxPositionsPerMunicipality: 1 });

    expect(html.match(/<fieldset class="ds-fieldset position"/g)).toHaveLength(1);
    expect(html).toMatch(/<input[^>]*name="positions"[^>]*value="1"[^>]*checked/);
    expect(html).not.toContain('Fylles bare ut når dere søker om');
  });

  it('shows the capacity messages the services name by the older count at the number field', () => {
    const html = applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: applicationToFormValues(parsed(nord)),
      errors: [
        {
          path: 'positionsRequested',
          code: 'municipality-cap',
          message:
            'Kommunen har allerede 1 godkjent ALIS-stilling; ALIS-Nord gir høyst 2 per kommune.',
        },
      ],
    });

    expect(summaryOf(html)).toContain(
      'href="#field-positions">Antall ALIS-stillinger: Kommunen har',
    );
    expect(html).toMatch(/id="field-positions"[^>]*aria-invalid="true"/);
  });
});
