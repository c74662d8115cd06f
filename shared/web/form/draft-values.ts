// A draft's content as form values, to prefill the form: the partial counterpart of
// `applicationToFormValues`, for content in which any field may be missing.

import type { DraftContent } from '../../domain/draft.js';
import type { FormValues } from './convert.js';

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
  visit(content, '');
  return values;
}

function text(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value).replace('.', ',');
  return String(value);
}
