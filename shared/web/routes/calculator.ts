// The cost calculator, open to anyone: a GET form whose answer is the page again with the
// comparison, or JSON for `Accept: application/json`. It reads only the programme's terms as they
// run (its open round's grant and egenandel).

import {
  type CostField,
  COST_FIELDS,
  compareCosts,
  validateCostQuery,
} from '../../domain/cost-model.js';
import { rateYears, ratesFor } from '../../domain/cost-rates.js';
import { programmeWithOpenRound } from '../../services/programme-settings.js';
import { html, json, queryOf, wantsJson, type Route } from '../http.js';
import { calculatorPage } from '../pages/index.js';

export const calculatorRoutes: Record<'GET /calculator', Route> = {
  'GET /calculator': async (request) => {
    const params = queryOf(request);
    const asJson = wantsJson(request);
    const values = firstValues(params);
    const years = rateYears();
    // The page opened without a query is the empty form, not a list of errors.
    if (!asJson && Object.keys(values).length === 0) {
      return html(200, calculatorPage({ values, errors: [], rateYears: years }));
    }
    const result = validateCostQuery(queryObject(params));
    if (!result.ok) {
      return asJson
        ? json(400, { errors: result.errors })
        : html(400, calculatorPage({ values, errors: result.errors, rateYears: years }));
    }
    const { listSize, year, salaried, programme } = result.query;
    const running = programme && (await programmeWithOpenRound(programme)).programme;
    const comparison = compareCosts(listSize, ratesFor(year)!, salaried, programme, running);
    return asJson
      ? json(200, comparison)
      : html(200, calculatorPage({ values, errors: [], rateYears: years, comparison }));
  },
};

/** The calculator's fields, a repeated one as an array, so that validation can refuse it. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const name of COST_FIELDS) {
    const all = params.getAll(name);
    if (all.length > 0) fields[name] = all.length === 1 ? all[0]! : all;
  }
  return fields;
}

/** What to put back in the form's fields: the first value of each. */
function firstValues(params: URLSearchParams): Partial<Record<CostField, string>> {
  const values: Partial<Record<CostField, string>> = {};
  for (const name of COST_FIELDS) {
    const value = params.get(name);
    if (value !== null) values[name] = value;
  }
  return values;
}
