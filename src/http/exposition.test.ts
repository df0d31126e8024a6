import { describe, expect, it } from 'vitest';
import { createCounter, createHistogram, escapeLabelValue, renderMetrics } from './exposition.js';

describe('Prometheus text exposition', () => {
  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const counter = createCounter('t_total', 'help with \\ and\nbreak', ['method']);
    counter.inc({ method: 'x"} 1\nevil_metric{a="' });
    expect(renderMetrics([counter])).toBe(
      '# HELP t_total help with \\\\ and\\nbreak\n' +
        '# TYPE t_total counter\n' +
        't_total{method="x\\"} 1\\nevil_metric{a=\\""} 1\n',
    );
  });

  it('keeps one series per distinct label values, labels in declared order', () => {
    const counter = createCounter('calls_total', 'Calls.', ['method', 'code']);
    counter.inc({ code: 'OK', method: 'A' });
    counter.inc({ method: 'A', code: 'OK' }, 2);
    counter.inc({ method: 'A', code: 'INTERNAL' });
    expect(counter.render().slice(2)).toEqual(['calls_total{method="A",code="OK"} 3', 'calls_total{method="A",code="INTERNAL"} 1']);
  });

  it('renders a histogram with cumulative buckets, +Inf, sum and count', () => {
    const histogram = createHistogram('d_seconds', 'Durations.', ['method'], [1, 0.1]);
    for (const seconds of [0.05, 0.1, 0.5, 30]) histogram.observe({ method: 'A' }, seconds);
    expect(histogram.render()).toEqual([
      '# HELP d_seconds Durations.',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{method="A",le="0.1"} 2',
      'd_seconds_bucket{method="A",le="1"} 3',
      'd_seconds_bucket{method="A",le="+Inf"} 4',
      'd_seconds_sum{method="A"} 30.65',
      'd_seconds_count{method="A"} 4',
    ]);
  });

  it('uses the 5 ms to 10 s buckets by default and ends the document with a line feed', () => {
    const histogram = createHistogram('d_seconds', 'Durations.', []);
    histogram.observe({}, 0.003);
    const text = renderMetrics([histogram]);
    expect(text.match(/le="[^"]+"/g)).toEqual(
      ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map((le) => `le="${le}"`),
    );
    expect(text).toContain('d_seconds_bucket{le="0.005"} 1\n');
    expect(text.endsWith('d_seconds_count 1\n')).toBe(true);
  });
});
