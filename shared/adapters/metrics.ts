// Business metrics, in CloudWatch's embedded metric format (Powertools Metrics): one JSON line in
// the function's log per figure, which CloudWatch turns into a metric. No call to CloudWatch, so a
// figure costs nothing on the request's path. Each figure is flushed at once (a single metric),
// not buffered until the invocation ends: locally every function shares one process, and a buffer
// would mix concurrent invocations' figures.
//
// Dimensions name a programme and an outcome, never a person, municipality or application.

import { DEFAULT_METRICS_NAMESPACE, METRICS_SERVICE } from '../metric-names.js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ProgrammeId } from '../domain/programmes.js';

/** The namespace is the stage's (infra/stack.ts sets it), else DEFAULT_METRICS_NAMESPACE. */
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
  serviceName: METRICS_SERVICE,
});

/** The figures, each with the dimensions it is published under (besides `service`). */
export const METRIC_NAMES = {
  /** A new application accepted (201), not a repeated submission. */
  applicationsSubmitted: 'ApplicationsSubmitted',
  /** A reviewer's decision recorded; dimension `outcome`: approve, reject, request-changes. */
  decisions: 'Decisions',
  /** A municipality's yearly answer recorded; dimension `outcome`: continuing or ended. */
  confirmations: 'Confirmations',
  /** A finance notification mailed and marked sent. */
  financeNotifications: 'FinanceNotifications',
  /** The kroner a finance notification asks finance to pay. */
  kronerNotified: 'KronerNotified',
  /** The kroner finance recorded as paid. */
  kronerPaid: 'KronerPaid',
} as const;

type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

export interface MetricDimensions {
  programme: ProgrammeId;
  outcome?: string;
}

/** Kroner have no CloudWatch unit; everything else is a count. */
const KRONER: readonly MetricName[] = [METRIC_NAMES.kronerNotified, METRIC_NAMES.kronerPaid];

/** Publishes one figure now, as its own EMF line. */
export function recordMetric(name: MetricName, dimensions: MetricDimensions, value = 1): void {
  const single = metrics.singleMetric();
  single.addDimension('programme', dimensions.programme);
  if (dimensions.outcome) single.addDimension('outcome', dimensions.outcome);
  single.addMetric(name, KRONER.includes(name) ? MetricUnit.NoUnit : MetricUnit.Count, value);
}
