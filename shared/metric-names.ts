// Where the business figures go in CloudWatch: read by the metrics adapter that writes them and by
// the stack's dashboard that shows them, so both name the same namespace and dimensions.

/** The namespace when the environment names none (tests, scripts). */
export const DEFAULT_METRICS_NAMESPACE = 'AlisGrants/Business';
/** The `service` dimension of every figure. */
export const METRICS_SERVICE = 'alis-grants';

/** A stage's namespace: the stack sets it as POWERTOOLS_METRICS_NAMESPACE of every function. */
export function businessNamespace(stage: string): string {
  return `AlisGrants/${stage}/Business`;
}
