// Hostile JSON bodies for property-based tests, made from the fixtures the way an attacker would:
// wrong types at every path, missing and extra fields, huge and empty strings, control and format
// characters, emoji, right-to-left text, HTML, and nesting thousands of levels deep. Shared by the
// domain's tests and the HTTP-level ones, so that every endpoint meets the same input.

import fc from 'fast-check';
import nord from '../fixtures/application-alis-nord.json';
import vest from '../fixtures/application-alis-vest.json';
import { LIST_FIELDS } from '../../shared/web/form/lists.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonPath = readonly (string | number)[];

export const APPLICATION_SEEDS: readonly Json[] = [nord, vest];

/**
 * Cases per property: 250 by default, so that `npm run test:unit` stays quick (fast-check draws a new
 * seed each run); `FC_RUNS=1000` or more for a deeper search, `FC_RUNS=10000` in `npm run bench`.
 */
export function propertyRuns(): number {
  const requested = Number(process.env.FC_RUNS);
  return Number.isInteger(requested) && requested > 0 ? requested : 250;
}

// ---- characters and strings ----

function codePointsWhere(test: (character: string) => boolean): string[] {
  const found: string[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const character = String.fromCodePoint(codePoint);
    if (test(character)) found.push(character);
  }
  return found;
}

const CATEGORIES = (() => {
  const controlOrFormat: string[] = [];
  const noContent: string[] = [];
  const isControlOrFormat = /^[\p{Cc}\p{Cf}]$/u;
  const isPunctuationOrSymbol = /^[\p{P}\p{S}]$/u;
  codePointsWhere((character) => {
    if (isControlOrFormat.test(character)) controlOrFormat.push(character);
    else if (isPunctuationOrSymbol.test(character)) noContent.push(character);
    return false;
  });
  return { controlOrFormat, noContent };
})();

/** Every control (Cc) and format (Cf) character, tab, CR and LF among them. */
export const CONTROL_AND_FORMAT_CHARACTERS: readonly string[] = CATEGORIES.controlOrFormat;
/** Text must not carry these anywhere; tab, CR and LF are allowed in long fields. */
export const FORBIDDEN_EVERYWHERE = CONTROL_AND_FORMAT_CHARACTERS.filter(
  (c) => !['\t', '\n', '\r'].includes(c),
);
export const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
export const EMOJI = ['🙂', '👩‍⚕️', '🇳🇴', '🏳️‍🌈', '👍🏽', '🧑‍🤝‍🧑'];
export const RIGHT_TO_LEFT = ['שלום', 'مرحبا', '\u202eevil\u202c', '\u200fKari'];
export const MARKUP = [
  '<script>alert(1)</script>',
  '<!--',
  '-->',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE søknad; --",
  '&amp;&lt;&#0;',
  '{{7*7}}<%= 7*7 %>',
  '\r\nBcc: alle@example.no',
  '=HYPERLINK("http://x")',
];
export const BLANKS = ['', ' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\ufeff'];

/** One character or string worth trying in a text field. */
export const hostileSnippet: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FORBIDDEN_EVERYWHERE),
  fc.constantFrom('\t', '\n', '\r'),
  fc.constantFrom(...LONE_SURROGATES, ...EMOJI, ...RIGHT_TO_LEFT, ...MARKUP, ...BLANKS),
  fc.constantFrom(...CATEGORIES.noContent),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
);

/** Text with no letter and no digit: punctuation, symbols and emoji, at least one of them. */
export const contentlessText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...CATEGORIES.noContent), fc.constantFrom(...EMOJI)), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''))
  .filter((text) => !/[\p{L}\p{N}\p{Cc}\p{Cf}]/u.test(text));

export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('x', 'æ', '🙂', '<', '\u0000'),
      fc.string({ minLength: 1, maxLength: 3 }),
    ),
    fc.integer({ min: 1_000, max: 200_000 }),
  )
  .map(([unit, times]) => unit.repeat(times).slice(0, 200_000));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(hostileSnippet, { maxLength: 6 }).map((parts) => parts.join('')),
  hugeString,
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2),
);

/** A value nested `depth` levels deep in arrays, objects or both, built without recursion. */
export function nested(depth: number, shape: 'array' | 'object' | 'mixed', leaf: Json): Json {
  let value = leaf;
  for (let level = 0; level < depth; level++) {
    const asArray = shape === 'array' || (shape === 'mixed' && level % 2 === 0);
    value = asArray ? [value] : { a: value };
  }
  return value;
}

export const deeplyNested: fc.Arbitrary<Json> = fc
  .tuple(
    fc.integer({ min: 100, max: 20_000 }),
    fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>,
    fc.constantFrom<Json>(null, 1, 'x', [], {}),
  )
  .map(([depth, shape, leaf]) => nested(depth, shape, leaf));

/** Any JSON value, weighted towards the ones that have broken parsers before. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, '', [], {}),
  hostileNumber,
  hostileString,
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
  deeplyNested,
);

/** Keys that mean something to JavaScript objects; JSON.parse makes them plain own properties. */
const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

// ---- mutations of a seed ----

export type Mutation =
  | { kind: 'set'; path: JsonPath; value: Json }
  | { kind: 'delete'; path: JsonPath }
  | { kind: 'add'; path: JsonPath; key: string; value: Json }
  | { kind: 'insert-text'; path: JsonPath; at: number; text: string };

/** Every path in a JSON value, the root (`[]`) included. */
export function pathsIn(value: Json): JsonPath[] {
  const paths: JsonPath[] = [];
  const pending: [JsonPath, Json][] = [[[], value]];
  while (pending.length > 0) {
    const [path, node] = pending.pop()!;
    paths.push(path);
    if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) pending.push([[...path, index], child]);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) pending.push([[...path, key], child]);
    }
  }
  return paths;
}

export function valueAtPath(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Mutations that make sense for this seed; applied in turn, a later one may miss its path. */
export function mutation(seed: Json): fc.Arbitrary<Mutation> {
  const paths = pathsIn(seed);
  // JSON arrays have no named members, so only objects get extra fields.
  const objects = paths.filter((p) => {
    const node = valueAtPath(seed, p);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const texts = paths.filter((p) => typeof valueAtPath(seed, p) === 'string');
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), path, value: hostileValue }),
    fc.record({
      kind: fc.constant('delete' as const),
      path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
    }),
    fc.record({
      kind: fc.constant('add' as const),
      path: fc.constantFrom(...objects),
      key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTOTYPE_KEYS)),
      value: hostileValue,
    }),
    fc.record({
      kind: fc.constant('insert-text' as const),
      path: fc.constantFrom(...texts),
      at: fc.nat(),
      text: hostileSnippet,
    }),
  );
}

/**
 * A deep copy of the seed with the mutations applied. Hostile values are put in as they are (a
 * copy of one nested thousands deep would overflow), so they must never be edited: fast-check
 * hands out the same object again (`fc.constantFrom`'s `{}` in every run, any value when it
 * shrinks a failure). So `set` goes last, after every mutation that edits in place, and the
 * deepest first: a `set` on a shorter path then never walks into a value an earlier one put in.
 * The other order wrote a value into itself once two `set`s shared a path (a cycle, which later
 * runs serialized until the heap ran out).
 */
export function applyMutations(seed: Json, mutations: readonly Mutation[]): unknown {
  const root = { body: structuredClone(seed) as unknown };
  const inPlaceFirst = [
    ...mutations.filter((m) => m.kind !== 'set'),
    ...mutations.filter((m) => m.kind === 'set').sort((a, b) => b.path.length - a.path.length),
  ];
  for (const m of inPlaceFirst) {
    const full: JsonPath = ['body', ...m.path];
    const parent = valueAtPath(root, full.slice(0, -1));
    const key = full.at(-1)!;
    if (parent === null || typeof parent !== 'object') continue;
    if (m.kind === 'set') defineOwn(parent, key, m.value);
    else if (m.kind === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<string | number, unknown>)[key];
    } else if (m.kind === 'add') {
      const target = valueAtPath(parent, [key]);
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        defineOwn(target, m.key, m.value);
    } else {
      const current = valueAtPath(parent, [key]);
      if (typeof current !== 'string') continue;
      const at = m.at % (current.length + 1);
      defineOwn(parent, key, current.slice(0, at) + m.text + current.slice(at));
    }
  }
  return root.body;
}

/** As JSON.parse would make it: an own property even for `__proto__`. */
function defineOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export interface HostileCase {
  seedIndex: number;
  mutations: Mutation[];
  body: unknown;
}

/** A seed with one to four mutations: mostly near-valid bodies, each broken or odd somewhere. */
export function hostileBody(seeds: readonly Json[]): fc.Arbitrary<HostileCase> {
  return fc.integer({ min: 0, max: seeds.length - 1 }).chain((seedIndex) =>
    fc.array(mutation(seeds[seedIndex]!), { minLength: 1, maxLength: 4 }).map((mutations) => ({
      seedIndex,
      mutations,
      body: applyMutations(seeds[seedIndex]!, mutations),
    })),
  );
}

/** Hostile application bodies from the fixtures, for `POST /applications` and `/amend`. */
export const hostileApplication: fc.Arbitrary<HostileCase> = hostileBody(APPLICATION_SEEDS);

/** Hostile decision bodies for `POST /decisions/{token}`, from the three kinds of decision. */
export const hostileDecision: fc.Arbitrary<HostileCase> = hostileBody([
  { decision: 'approve', comment: '' },
  { decision: 'reject', comment: 'Mangler veileder med spesialistgodkjenning.' },
  { decision: 'request-changes', comment: 'Beskriv bakvaktordningen:\r\n\t- hvem\n\t- når' },
]);

/** Percent-encodings a form parser must survive: cut short, not hex, not UTF-8, overlong. */
const MALFORMED_ENCODINGS = [
  '%',
  '%Z',
  '%ZZ',
  '%C3',
  '%C3%28',
  '%E2%82',
  '%FF',
  '%C0%AF',
  '%00',
  '+%2B+',
];

/**
 * A raw `application/x-www-form-urlencoded` body made from a form's fields: fields dropped,
 * repeated or added, values replaced by hostile text, and stretches of broken encoding.
 */
export function hostileFormBody(
  fields: readonly (readonly [string, string])[],
): fc.Arbitrary<string> {
  // encodeURIComponent throws on a lone surrogate; broken encodings are `raw` edits and spoiledBody.
  const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?'));
  const pair = ([name, value]: readonly [string, string]) => `${encode(name)}=${encode(value)}`;
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('value' as const), at: fc.nat(), text: hostileString }),
    fc.record({
      kind: fc.constant('extra' as const),
      name: fc.string({ maxLength: 12 }),
      text: hostileString,
    }),
    fc.record({
      kind: fc.constant('raw' as const),
      at: fc.nat(),
      text: fc.constantFrom(...MALFORMED_ENCODINGS, '&', '&&', '=', '==', ';'),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const parts = fields.map(pair);
    for (const e of edits) {
      const at = 'at' in e ? e.at % Math.max(parts.length, 1) : 0;
      if (e.kind === 'drop') parts.splice(at, 1);
      else if (e.kind === 'repeat' && parts[at] !== undefined) parts.splice(at, 0, parts[at]);
      else if (e.kind === 'value' && fields[at]) parts[at] = pair([fields[at][0], e.text]);
      else if (e.kind === 'extra') parts.push(pair([e.name, e.text]));
      else if (e.kind === 'raw') parts.splice(at, 0, e.text);
    }
    return parts.join('&');
  });
}

/**
 * JSON text of any value, however deep: `JSON.stringify` recurses and overflows the stack a few
 * thousand levels down, which a request body can easily be. For HTTP tests that post the bytes.
 */
export function toJsonText(value: unknown): string {
  const out: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next instanceof Punctuation) out.push(next.text);
    else if (Array.isArray(next)) {
      out.push('[');
      pending.push(new Punctuation(']'));
      for (let i = next.length - 1; i >= 0; i--) {
        pending.push(next[i]);
        if (i > 0) pending.push(new Punctuation(','));
      }
    } else if (next !== null && typeof next === 'object') {
      const entries = Object.entries(next);
      out.push('{');
      pending.push(new Punctuation('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        pending.push(child, new Punctuation(`${JSON.stringify(key)}:`));
        if (i > 0) pending.push(new Punctuation(','));
      }
    } else out.push(JSON.stringify(next) ?? 'null');
  }
  return out.join('');
}

/** Text that `toJsonText` writes as it is, between the values it serializes. */
class Punctuation {
  constructor(readonly text: string) {}
}

// ---- bodies as bytes: repeated fields, broken UTF-8, other charsets ----

/** Byte sequences that are not UTF-8: cut short, stray continuation, overlong, surrogate, > U+10FFFF. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xc3],
  [0x80],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xfe, 0xfe, 0xff, 0xff],
];

/** Charsets a body may declare that are not UTF-8 (each refused with 415). */
export const OTHER_CHARSETS = [
  'utf-16',
  'UTF-16LE',
  'iso-8859-1',
  'latin1',
  'windows-1252',
  '"us-ascii"',
  'x',
];

/** A body as API Gateway hands it to the function: text, or base64 for binary content. */
export interface SentBody {
  contentType: string;
  body: string;
  isBase64Encoded: boolean;
  /** What the router must answer: 400 with this code, or 415. */
  expected: { status: 400; code: 'invalid-encoding' | 'repeated' } | { status: 415 };
}

/**
 * A valid body spoiled in one of the ways the body reader must refuse wherever it arrives:
 * invalid UTF-8 as raw bytes (base64, as API Gateway passes a form) or, in a form, percent-encoded;
 * the text as API Gateway gives a JSON body it could not decode (U+FFFD); another declared
 * charset, the body re-encoded to match; a form field that is not a list sent twice.
 */
export function spoiledBody(
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  text: string,
): fc.Arbitrary<SentBody> {
  const isForm = contentType === 'application/x-www-form-urlencoded';
  const at = fc.nat({ max: text.length });
  const bytes = fc.constantFrom(...INVALID_UTF8);
  const invalid = { status: 400, code: 'invalid-encoding' } as const;
  const raw = fc.tuple(at, bytes).map(([i, b]) => ({
    contentType,
    body: Buffer.concat([
      Buffer.from(text.slice(0, i)),
      Buffer.from(b),
      Buffer.from(text.slice(i)),
    ]).toString('base64'),
    isBase64Encoded: true,
    expected: invalid,
  }));
  const replaced = at.map((i) => ({
    contentType,
    body: `${text.slice(0, i)}\ufffd${text.slice(i)}`,
    isBase64Encoded: false,
    expected: invalid,
  }));
  const charset = fc
    .tuple(fc.constantFrom(...OTHER_CHARSETS), fc.constantFrom<BufferEncoding>('utf16le', 'latin1'))
    .map(([name, encoding]) => ({
      contentType: `${contentType}; charset=${name}`,
      body: Buffer.from(text, encoding).toString('base64'),
      isBase64Encoded: true,
      expected: { status: 415 } as const,
    }));
  const cases: fc.Arbitrary<SentBody>[] = [raw, replaced, charset];
  if (isForm) {
    const percent = fc.tuple(at, bytes).map(([i, b]) => {
      // Inside a value: after the first `=` at or past i, or at the end.
      const equals = text.indexOf('=', i);
      const cut = equals < 0 ? text.length : equals + 1;
      const escaped = b.map((x) => `%${x.toString(16).padStart(2, '0').toUpperCase()}`).join('');
      return {
        contentType,
        body: `${text.slice(0, cut)}${escaped}${text.slice(cut)}`,
        isBase64Encoded: false,
        expected: invalid,
      };
    });
    cases.push(percent);
    const names = [...new Set(new URLSearchParams(text).keys())].filter((n) => !LIST_FIELDS.has(n));
    if (names.length > 0) {
      const repeated = fc
        .tuple(
          fc.constantFrom(...names),
          hostileString.filter((s) => s.length < 100),
        )
        .map(([name, value]) => ({
          contentType,
          body: `${text}&${encodeURIComponent(name)}=${encodeURIComponent(value.replace(/[\ud800-\udfff\ufffd]/g, 'x'))}`,
          isBase64Encoded: false,
          expected: { status: 400, code: 'repeated' } as const,
        }));
      cases.push(repeated);
    }
  }
  return fc.oneof(...cases);
}
