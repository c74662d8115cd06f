// Form values as a browser posts them: the tests' way to feed the web's form conversion.

import type { FormValues } from '../../shared/web/form/convert.js';

export function formValuesToSearchParams(values: FormValues): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return form;
}
