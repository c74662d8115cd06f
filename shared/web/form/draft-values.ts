// A draft's content as form values, to prefill the form: the partial counterpart of
// `applicationToFormValues`, for content in which any field may be missing.

import type { DraftContent } from '../../domain/draft.js';
import type { FormValues } from './convert.js';
import { POSITIONS_FIELD, positionPath } from './fields.js';

/**
 * Every value at its dot path: yes/no for booleans, a decimal comma for numbers, a list of values
 * for a list of plain values (equipment), and numbered paths for a list of objects (the doctors).
 */
export function draftToFormValues(content: DraftContent): FormValues {
  const values: FormValues = {};
  const visit = (value: unknown, path: string) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) {
        values[path] = value.map(text);
      } else {
        for (const [i, item] of value.entries()) visit(item, `${path}.${i}`);
      }
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    } else {
      values[path] = text(value);
    }
  };
  const { positions, positionsRequested, candidate, ...rest } = content as Record<string, unknown>;
  visit(rest, '');
  // The form's count of positions shares its name with the list, and a draft saved in the older
  // JSON shape (a number of positions, one candidate) fills that candidate in at each position.
  if (Array.isArray(positions)) {
    visit(positions, POSITIONS_FIELD);
    values[POSITIONS_FIELD] = String(positions.length);
  } else if (typeof positionsRequested === 'number' && Number.isInteger(positionsRequested)) {
    values[POSITIONS_FIELD] = String(positionsRequested);
    const shown = Math.max(0, Math.min(positionsRequested, MAX_POSITIONS_FILLED));
    for (let i = 0; i < shown; i++) visit(candidate, positionPath(i, 'candidate'));
  }
  return values;
}

/** More than any round allows: the form shows no fieldset beyond its own maximum. */
const MAX_POSITIONS_FILLED = 50;

function text(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value).replace('.', ',');
  return String(value);
}
