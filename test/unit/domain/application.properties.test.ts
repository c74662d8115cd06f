// Property-based tests of validateApplication: the fixtures, mutated the way an attacker would.
// 250 cases per property by default (propertyRuns); FC_RUNS raises it (to 10 000 in `npm run bench`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateApplication, type FieldError } from '../../../shared/domain/application.js';
import { findMunicipality } from '../../../shared/domain/identifiers.js';
import { parseDecision } from '../../../shared/domain/review.js';
import {
  APPLICATION_SEEDS,
  FORBIDDEN_EVERYWHERE,
  contentlessText,
  deeplyNested,
  applyMutations,
  hostileApplication,
  hostileDecision,
  hostileValue,
  pathsIn,
  propertyRuns,
  toJsonText,
  valueAtPath,
  type Json,
  type JsonPath,
  type Mutation,
} from '../../support/hostile.js';

const runs = { numRuns: propertyRuns() };
// Thousands of cases on a machine shared with other work: time is not what these tests measure.
const generously = { timeout: 20 * 60_000 };

/** The textareas: the only fields that may keep tab, CR and LF. */
const LONG_TEXT_PATHS = new Set([
  'recruitmentSituation',
  'patientList.description',
  'dailySupervision',
  'backupOnCall',
  'practice.supportStaff.competence',
  'municipalDuties',
  'substituteArrangements',
  'groupSupervision',
]);
/** Free text fields; other strings are codes, numbers or addresses with their own formats. */
const ONE_LINE_TEXT_PATHS = new Set([
  'contact.name',
  'contact.role',
  'supervisor.name',
  'practice.doctors.*.specialty',
]);
const FORBIDDEN_ANYWHERE = /[\p{Cc}\p{Cf}\p{Cs}]/u;
/** Zod's own English messages, which must never reach an applicant. */
const ENGLISH = /\b(invalid|expected|received|input|required|too (big|small)|must|string)\b/i;

const pattern = (path: JsonPath) => path.map((k) => (typeof k === 'number' ? '*' : k)).join('.');
const related = (a: string, b: string) =>
  a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`) || a === '(root)' || b === '';
const jsonType = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** Every path a valid application has, array indexes as `*`. */
const contract = new Set([
  ...APPLICATION_SEEDS.flatMap((seed) => pathsIn(seed).map(pattern)),
  'candidate.monthsCompleted',
  // A valid application also lists its positions, whichever shape it came in.
  'positions',
  'positions.*',
  'positions.*.candidate',
  'positions.*.candidate.kind',
  'positions.*.candidate.monthsCompleted',
  'supervisor.sameCentre',
  'groupSupervision',
]);

function expectWellFormedErrors(errors: FieldError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Object.keys(error).sort()).toEqual(['code', 'message', 'path']);
    expect(error.path).toMatch(/^(\(root\)|[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)$/);
    expect(error.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    // Bokmål: a sentence of our own, never zod's English.
    expect(error.message).toMatch(/^[A-ZÆØÅ0-9].*[.)]$/su);
    expect(error.message).not.toMatch(ENGLISH);
  }
}

function stringsIn(value: unknown): [string, string][] {
  return pathsIn(value as Json)
    .map((path) => [pattern(path), valueAtPath(value, path)] as const)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

describe('validateApplication on hostile JSON', generously, () => {
  it('never throws, and refuses with well-formed bokmål field errors or accepts clean text', () => {
    fc.assert(
      fc.property(hostileApplication, ({ body }) => {
        const result = validateApplication(body);
        if (!result.ok) {
          expectWellFormedErrors(result.errors);
          return;
        }
        const application = result.application;
        expect(application.municipality.name).toBe(
          findMunicipality(application.municipality.municipalityNumber)?.name,
        );
        for (const [path, text] of stringsIn(application)) {
          // Textareas keep tab, CR and LF; nothing else of the kind gets through anywhere.
          const kept = LONG_TEXT_PATHS.has(path) ? text.replace(/[\t\n\r]/g, '') : text;
          expect(kept, path).not.toMatch(FORBIDDEN_ANYWHERE);
          if (LONG_TEXT_PATHS.has(path) || ONE_LINE_TEXT_PATHS.has(path))
            expect(text, path).toMatch(/[\p{L}\p{N}]/u);
        }
        // Extra fields are dropped: every path of the answer is a path of the contract.
        for (const path of pathsIn(application as unknown as Json).map(pattern))
          expect(contract, path).toContain(path);
      }),
      runs,
    );
  });

  it('answers a value of another JSON type at any path with an error at or around it', () => {
    const seedAndPath = fc
      .integer({ min: 0, max: APPLICATION_SEEDS.length - 1 })
      .chain((i) =>
        fc.tuple(
          fc.constant(APPLICATION_SEEDS[i]!),
          fc.constantFrom(...pathsIn(APPLICATION_SEEDS[i]!).filter((p) => p.length > 0)),
        ),
      );
    fc.assert(
      fc.property(seedAndPath, hostileValue, ([seed, path], value) => {
        fc.pre(jsonType(value) !== jsonType(valueAtPath(seed, path)));
        const body = structuredClone(seed) as Record<string, unknown>;
        const parent = valueAtPath(body, path.slice(0, -1)) as Record<string | number, unknown>;
        parent[path.at(-1)!] = value;

        const result = validateApplication(body);

        if (pattern(path) === 'municipality.name') {
          // Not read at all: the register names the municipality.
          expect(result.ok).toBe(true);
          return;
        }
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expectWellFormedErrors(result.errors);
          expect(result.errors.some((e) => related(e.path, path.join('.')))).toBe(true);
        }
      }),
      runs,
    );
  });

  it('answers nesting thousands of levels deep, in a field or beside them, without a fault', () => {
    const anywhere = fc
      .integer({ min: 0, max: APPLICATION_SEEDS.length - 1 })
      .chain((i) =>
        fc.tuple(
          fc.constant(APPLICATION_SEEDS[i]!),
          fc.constantFrom(...pathsIn(APPLICATION_SEEDS[i]!)),
          fc.boolean(),
        ),
      );
    fc.assert(
      fc.property(anywhere, deeplyNested, ([seed, path, beside], deep) => {
        const body = structuredClone(seed) as Record<string, unknown>;
        const target = beside ? path : path.slice(0, -1);
        const holder = valueAtPath(body, target);
        if (path.length === 0 && !beside) {
          expectWellFormedErrors(errorsOf(deep));
          return;
        }
        fc.pre(holder !== null && typeof holder === 'object');
        const key = beside ? 'ukjent' : path.at(-1)!;
        (holder as Record<string | number, unknown>)[key] = deep;
        const result = validateApplication(body);
        if (!result.ok) expectWellFormedErrors(result.errors);
      }),
      { numRuns: Math.ceil(runs.numRuns / 10) },
    );
  });
});

describe('text fields of a valid application', generously, () => {
  const textPaths = (seed: Json) =>
    pathsIn(seed).filter((p) => {
      const key = pattern(p);
      return LONG_TEXT_PATHS.has(key) || ONE_LINE_TEXT_PATHS.has(key);
    });
  const seedAndTextPath = fc
    .integer({ min: 0, max: APPLICATION_SEEDS.length - 1 })
    .chain((i) =>
      fc.tuple(
        fc.constant(APPLICATION_SEEDS[i]!),
        fc.constantFrom(...textPaths(APPLICATION_SEEDS[i]!)),
      ),
    );
  const withText = (seed: Json, path: JsonPath, text: (current: string) => string) => {
    const body = structuredClone(seed) as Record<string, unknown>;
    const parent = valueAtPath(body, path.slice(0, -1)) as Record<string | number, string>;
    parent[path.at(-1)!] = text(parent[path.at(-1)!]!);
    return body;
  };

  it('refuse a control or format character anywhere in them', () => {
    fc.assert(
      fc.property(
        seedAndTextPath,
        fc.constantFrom(...FORBIDDEN_EVERYWHERE),
        fc.nat(),
        ([seed, path], character, at) => {
          const body = withText(seed, path, (current) => {
            const i = at % (current.length + 1);
            return `${current.slice(0, i)}${character}${current.slice(i)}`;
          });
          // Trimming takes leading and trailing blanks away first, a byte order mark among them.
          fc.pre(/\S/u.test(character) || !/^\s|\s$/u.test(valueAtPath(body, path) as string));
          expect(errorsOf(body)).toEqual([
            expect.objectContaining({ path: path.join('.'), code: 'control-characters' }),
          ]);
        },
      ),
      runs,
    );
  });

  it('refuse a tab or a line break only on one line', () => {
    fc.assert(
      fc.property(
        seedAndTextPath,
        fc.constantFrom('\t', '\n', '\r', '\r\n'),
        ([seed, path], br) => {
          const body = withText(seed, path, (current) => `${current}${br}${current}`);
          const errors = errorsOf(body);
          if (LONG_TEXT_PATHS.has(pattern(path))) expect(errors).toEqual([]);
          else
            expect(errors).toEqual([
              expect.objectContaining({ path: path.join('.'), code: 'control-characters' }),
            ]);
        },
      ),
      runs,
    );
  });

  it('ask for a letter or a digit', () => {
    fc.assert(
      fc.property(seedAndTextPath, contentlessText, ([seed, path], text) => {
        const body = withText(seed, path, () => text);
        fc.pre(text.trim() !== '');
        expect(errorsOf(body)).toEqual([
          expect.objectContaining({ path: path.join('.'), code: 'no-content' }),
        ]);
      }),
      runs,
    );
  });
});

describe('parseDecision on hostile JSON', generously, () => {
  it('never throws, and keeps only a known decision and a clean comment', () => {
    fc.assert(
      fc.property(hostileDecision, ({ body }) => {
        const fields = body !== null && typeof body === 'object' ? body : {};
        const result = parseDecision(fields as { decision?: unknown; comment?: unknown });
        if (!result.ok) return expectWellFormedErrors(result.errors);
        expect(['approve', 'reject', 'request-changes']).toContain(result.decision);
        expect(result.comment.replace(/[\t\n\r]/g, '')).not.toMatch(FORBIDDEN_ANYWHERE);
      }),
      runs,
    );
  });
});

describe('hostile bodies', generously, () => {
  it('leave their seeds as they were', () => {
    const before = JSON.stringify(APPLICATION_SEEDS);
    fc.assert(
      fc.property(hostileApplication, ({ seedIndex, mutations }) => {
        applyMutations(APPLICATION_SEEDS[seedIndex]!, mutations);
      }),
      { numRuns: 100 },
    );
    expect(JSON.stringify(APPLICATION_SEEDS)).toBe(before);
  });

  it('leave the values they put in as they were, in whichever order the mutations come', () => {
    const seed = APPLICATION_SEEDS[0]!;
    for (const order of ['shorter path first', 'deeper path first']) {
      // fast-check hands out one `{}` to every run that draws it.
      const shared = {};
      const sets: Mutation[] = [
        { kind: 'set', path: ['municipality'], value: shared },
        { kind: 'set', path: ['municipality', 'name'], value: shared },
      ];
      const body = applyMutations(seed, order === 'deeper path first' ? sets.reverse() : sets);
      expect(shared, order).toEqual({});
      expect(valueAtPath(body, ['municipality']), order).toBe(shared);
      expect(JSON.parse(toJsonText(body)).municipality, order).toEqual({});
    }
  });

  it('serialize as JSON text that JSON.parse reads back, at any depth', () => {
    fc.assert(
      fc.property(hostileApplication, ({ body }) => {
        const parsed = JSON.parse(toJsonText(body));
        expect(toJsonText(parsed)).toBe(toJsonText(body));
      }),
      { numRuns: Math.ceil(runs.numRuns / 10) },
    );
    expect(toJsonText({ a: [1, 'x', null, { b: true }], '"': {} })).toBe(
      JSON.stringify({ a: [1, 'x', null, { b: true }], '"': {} }),
    );
  });
});

function errorsOf(input: unknown): FieldError[] {
  const result = validateApplication(input);
  return result.ok ? [] : result.errors;
}
