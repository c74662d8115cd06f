// A draft: any part of an application, saved to be finished later. It is checked field by field
// with the application's own schema, so a value present is refused exactly as a submission refuses
// it (wrong type, too long, control characters), while a value absent is no error. Only the
// contact's address is required: the draft's link goes there.

import * as z from 'zod';
import {
  applicationSchema,
  positionsApplicationSchema,
  toFieldError,
  usesPositionsList,
  type FieldError,
} from './application.js';
import { isProgrammeId, type ProgrammeId } from './programmes.js';

/** OFFICE SETTING: the bounds and times of drafts (no published source). */
export const DRAFT_RULES = {
  /** New drafts one contact address may save per Oslo day. */
  maxPerAddressPerDay: 5,
  /** New drafts one municipality may hold in one round. */
  maxPerMunicipalityPerRound: 20,
  /** Days before the round closes that a draft not sent is reminded, once. */
  reminderDaysBeforeClose: 7,
  /** Days after the round closes that a draft's content is deleted. */
  deleteDaysAfterClose: 30,
} as const;

/** What a draft holds: the application's fields that were filled in, in its JSON shape. */
export type DraftContent = Record<string, unknown>;

export type DraftValidation =
  | {
      ok: true;
      content: DraftContent;
      contactEmail: string;
      programme?: ProgrammeId;
      municipalityNumber?: string;
      organisationNumber?: string;
    }
  | { ok: false; errors: FieldError[] };

export function validateDraft(input: unknown): DraftValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          path: '(root)',
          code: 'invalid-type',
          message: 'Utkastet må være et JSON-objekt med feltene i søknaden.',
        },
      ],
    };
  }
  const listed = usesPositionsList(input);
  const schema = listed ? positionsApplicationSchema : applicationSchema;
  const errors: FieldError[] = [];
  const content = (partialParse(schema, input, [], errors) ?? {}) as DraftContent;
  if (!listed && Object.hasOwn(input, 'positions')) {
    errors.push({
      path: 'positions',
      code: 'both-forms',
      message:
        'Oppgi stillingene enten som en liste (positions) eller som antall (positionsRequested) med én kandidat (candidate), ikke begge.',
    });
  }
  const contact = content.contact as { email?: unknown } | undefined;
  const contactEmail = typeof contact?.email === 'string' ? contact.email : undefined;
  if (contactEmail === undefined && !errors.some((e) => e.path === 'contact.email')) {
    errors.push({
      path: 'contact.email',
      code: 'required',
      message:
        'Fyll inn kontaktpersonens e-postadresse: lenken til utkastet sendes dit, så du kan fortsette senere.',
    });
  }
  if (errors.length > 0 || contactEmail === undefined) return { ok: false, errors };
  const municipality = content.municipality as Record<string, unknown> | undefined;
  const programme = content.programme;
  return {
    ok: true,
    content,
    contactEmail,
    ...(isProgrammeId(programme) && { programme }),
    ...(typeof municipality?.municipalityNumber === 'string' && {
      municipalityNumber: municipality.municipalityNumber,
    }),
    ...(typeof municipality?.organisationNumber === 'string' && {
      organisationNumber: municipality.organisationNumber,
    }),
  };
}

/**
 * The schema applied to what is there: objects field by field, lists of objects item by item, and
 * every other value whole, by its own schema (which strips unknown keys, so a draft holds no more
 * than an application could). Absent, null and blank values are left out; answers undefined for
 * nothing left.
 */
function partialParse(
  schema: z.ZodType,
  value: unknown,
  path: (string | number)[],
  errors: FieldError[],
): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject) {
    if (typeof value !== 'object' || Array.isArray(value)) return leaf(inner, value, path, errors);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      if (!Object.hasOwn(value, key)) continue;
      const parsed = partialParse(
        field,
        (value as Record<string, unknown>)[key],
        [...path, key],
        errors,
      );
      if (parsed !== undefined) out[key] = parsed;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const items = listOfObjects(inner);
  if (items) {
    // The length is checked before the items, as for an application.
    const bounded = items.list.safeParse(value);
    if (!bounded.success || !Array.isArray(value)) return leaf(items.list, value, path, errors);
    const out = value.map((item, i) => partialParse(items.item, item, [...path, i], errors) ?? {});
    return out.length > 0 ? out : undefined;
  }
  return leaf(inner, value, path, errors);
}

function leaf(
  schema: z.ZodType,
  value: unknown,
  path: (string | number)[],
  errors: FieldError[],
): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const error = toFieldError(issue, value);
    const full = [...path, ...issue.path.map(String)].join('.') || '(root)';
    // Missing inside a value that is there (a candidate without its kind) is still incomplete.
    if (error.code === 'required' && issue.path.length > 0) continue;
    errors.push({ ...error, path: full });
  }
  return undefined;
}

/** A bounded list of objects (the practice's doctors, the positions): its length check and item. */
function listOfObjects(schema: z.ZodType): { list: z.ZodType; item: z.ZodType } | undefined {
  if (!(schema instanceof z.ZodPipe)) return undefined;
  const out = schema.out as z.ZodType;
  const element = out instanceof z.ZodArray ? (out.element as z.ZodType) : undefined;
  return element instanceof z.ZodObject
    ? { list: schema.in as z.ZodType, item: element }
    : undefined;
}

/**
 * A draft's content with a body's fields over it, object by object: a script may send a draft
 * with only the fields it adds. Lists and other values are replaced whole.
 */
export function mergeOverDraft(content: DraftContent, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...content };
  for (const [key, value] of Object.entries(body)) {
    const under = out[key];
    out[key] =
      isPlainObject(under) && isPlainObject(value)
        ? mergeOverDraft(under as DraftContent, value)
        : value;
  }
  return out;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const findSchema = z.object(
  {
    organisationNumber: z
      .string({ error: 'Fyll inn organisasjonsnummer.' })
      .max(20, { error: 'Organisasjonsnummer har ni sifre.' })
      .transform((s) => s.replace(/\s/g, ''))
      .pipe(z.string().regex(/^\d{9}$/, { error: 'Organisasjonsnummer har ni sifre.' })),
    email: z
      .email({ error: 'Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.' })
      .max(254, { error: 'E-postadressen kan ikke være lengre enn 254 tegn.' }),
  },
  { error: 'Forespørselen må være et JSON-objekt med organisationNumber og email.' },
);

export type FindRequestValidation =
  | { ok: true; organisationNumber: string; email: string }
  | { ok: false; errors: FieldError[] };

/** A request to find an application: an organisation number and a contact address. */
export function validateFindRequest(input: unknown): FindRequestValidation {
  const trimmed =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? Object.fromEntries(
          Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
        )
      : input;
  const parsed = findSchema.safeParse(trimmed);
  if (parsed.success) return { ok: true, ...parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => toFieldError(issue, trimmed)) };
}
