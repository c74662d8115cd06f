// Which form fields may come more than once. Any other field sent twice is refused (`repeated`),
// whatever the path: a browser sends each of the site's fields once, so a second value is a
// forged post, and taking the first or the last of them silently would let two readers of one
// post disagree.

import { ValidationError } from '../../errors.js';

/**
 * Lists by design: the application form's checkbox group (`practice.equipment`), the payment
 * page's ticked instalments (`instalment`) and a round's counties (`counties`).
 */
export const LIST_FIELDS: ReadonlySet<string> = new Set([
  'practice.equipment',
  'instalment',
  'counties',
]);

/** Refuses a form or query that carries a field more than once, unless it is a list by design. */
export function refuseRepeatedFields(fields: URLSearchParams): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of fields.keys()) {
    if (LIST_FIELDS.has(name)) continue;
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  if (repeated.size === 0) return;
  throw new ValidationError(
    [...repeated].map((path) => ({
      path,
      code: 'repeated',
      message: 'Feltet er sendt mer enn én gang. Send skjemaet på nytt fra siden.',
    })),
  );
}
