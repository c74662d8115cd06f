// Business metrics leave as EMF lines on stdout, one per figure, with programme and outcome as
// their only dimensions besides the service.

import { afterEach, expect, it, vi } from 'vitest';
import { METRIC_NAMES, recordMetric } from '../../../shared/adapters/metrics.js';
import { DEFAULT_METRICS_NAMESPACE } from '../../../shared/metric-names.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function emitted(record: () => void): Record<string, any>[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  record();
  vi.restoreAllMocks();
  return lines
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

it('a figure is one EMF line at once, in its namespace, by programme and outcome', () => {
  const [line] = emitted(() =>
    recordMetric(METRIC_NAMES.decisions, { programme: 'alis-nord', outcome: 'approve' }),
  );
  expect(line?._aws.CloudWatchMetrics).toEqual([
    {
      Namespace: DEFAULT_METRICS_NAMESPACE,
      Dimensions: [['service', 'programme', 'outcome']],
      Metrics: [{ Name: 'Decisions', Unit: 'Count' }],
    },
  ]);
  expect(line).toMatchObject({ programme: 'alis-nord', outcome: 'approve', Decisions: 1 });
});

it('kroner are figures without a unit, summed as given', () => {
  const lines = emitted(() => {
    recordMetric(METRIC_NAMES.kronerPaid, { programme: 'alis-vest' }, 150_000);
    recordMetric(METRIC_NAMES.kronerNotified, { programme: 'alis-vest' }, 200_000);
  });
  expect(lines.map((l) => l._aws.CloudWatchMetrics[0].Metrics[0])).toEqual([
    { Name: 'KronerPaid', Unit: 'None' },
    { Name: 'KronerNotified', Unit: 'None' },
  ]);
  expect(lines.map((l) => [l.KronerPaid, l.KronerNotified])).toEqual([
    [150_000, undefined],
    [undefined, 200_000],
  ]);
  expect(lines[0]?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'programme']]);
});
