// The one bar chart the pages draw: SVG on the server, no script. Bars lie horizontally in groups,
// and every bar carries its own label and value as text, so that no meaning rests on colour alone
// (WCAG 1.4.1) and no legend is needed. The chart is an image to assistive technology (role="img",
// named by its title, described by its desc); the page shows the same numbers in a table.
// The colours are the calculator's theme classes in site.css, each at 3:1 or more on the page.

export type BarTone = 'neutral' | 'accent' | 'success';

export interface Bar {
  label: string;
  value: number;
  tone: BarTone;
}

export interface BarGroup {
  label: string;
  bars: readonly Bar[];
}

export interface BarChartProps {
  /** Prefix of the title and desc element ids; unique on the page. */
  id: string;
  title: string;
  /** Says what the bars are and where the table with the numbers is. */
  description: string;
  groups: readonly BarGroup[];
  format: (value: number) => string;
  /** Names the region that scrolls a wide chart sideways on a narrow screen. */
  regionLabel?: string;
}

const TONE_CLASS: Record<BarTone, string> = {
  neutral: 'cost-chart__bar--ordinary',
  accent: 'cost-chart__bar--alis',
  success: 'cost-chart__bar--salaried',
};

const WIDTH = 720;
const LABEL_WIDTH = 210;
/** Room right of the longest bar for its value. */
const VALUE_WIDTH = 130;
const GROUP_HEADING = 24;
const ROW = 24;
const GAP = 10;
/** Room below the bars for the axis' round values. */
const AXIS = 28;
/** Closest two axis values may stand, so that the wider amounts never run into each other. */
const MIN_TICK_SPACING = 95;

export function BarChart({ id, title, description, groups, format, regionLabel }: BarChartProps) {
  const values = groups.flatMap((g) => g.bars.map((b) => b.value));
  const {
    min: low,
    max: high,
    step,
  } = scale(Math.min(0, ...values), Math.max(1, ...values), values.every(Number.isInteger));
  const plotLeft = LABEL_WIDTH;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const x = (v: number) => plotLeft + ((v - low) / (high - low)) * plotWidth;
  const zero = x(0);

  let top = 0;
  const laidOut = groups.map((group) => {
    const headingY = top + GROUP_HEADING - 8;
    const rows = group.bars.map((bar, i) => ({ bar, y: top + GROUP_HEADING + i * ROW }));
    top += GROUP_HEADING + group.bars.length * ROW + GAP;
    return { group, headingY, rows };
  });
  const barsBottom = Math.max(top - GAP, ROW);
  const height = barsBottom + AXIS;
  const ticks: number[] = [];
  for (let t = low; t <= high + step / 2; t += step) ticks.push(t);
  const labelEvery = Math.ceil(MIN_TICK_SPACING / ((step / (high - low)) * plotWidth));
  const titleId = `${id}-tittel`;
  const descriptionId = `${id}-beskrivelse`;

  return (
    <figure class="cost-chart stack stack--tight">
      {/* On a narrow screen the chart keeps a legible size and scrolls sideways. */}
      <section class="cost-chart__scroll" aria-label={regionLabel ?? title} tabindex={0}>
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descriptionId}
          class="cost-chart__svg"
        >
          <title id={titleId}>{title}</title>
          <desc id={descriptionId}>{description}</desc>
          {ticks.map((t, i) => (
            <g>
              <line
                class={t === 0 ? 'cost-chart__axis' : 'cost-chart__grid'}
                x1={x(t)}
                x2={x(t)}
                y1={0}
                y2={barsBottom}
              />
              {i % labelEvery === 0 && (
                <text
                  class="cost-chart__label"
                  x={x(t)}
                  y={barsBottom + AXIS - 8}
                  text-anchor="middle"
                >
                  {format(t)}
                </text>
              )}
            </g>
          ))}
          {laidOut.map(({ group, headingY, rows }) => (
            <g>
              <text class="cost-chart__label" x={0} y={headingY} font-weight="bold">
                {group.label}
              </text>
              {rows.map(({ bar, y }) => {
                const end = x(bar.value);
                return (
                  <g>
                    <text
                      class="cost-chart__label"
                      x={LABEL_WIDTH - 8}
                      y={y + ROW / 2}
                      text-anchor="end"
                      dy="0.35em"
                    >
                      {bar.label}
                    </text>
                    <rect
                      class={`cost-chart__bar ${TONE_CLASS[bar.tone]}`}
                      x={Math.min(zero, end)}
                      y={y + 3}
                      width={Math.abs(end - zero)}
                      height={ROW - 6}
                    />
                    <text
                      class="cost-chart__label"
                      x={Math.max(zero, end) + 6}
                      y={y + ROW / 2}
                      dy="0.35em"
                    >
                      {format(bar.value)}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </section>
    </figure>
  );
}

/**
 * A round axis: from `low` to `high` in about five steps of 1, 2, 2.5 or 5 times a power of ten;
 * with `whole`, steps of at least 1 (2.5 becomes 3).
 */
export function scale(
  low: number,
  high: number,
  whole = false,
): { min: number; max: number; step: number } {
  const rough = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const round = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // Counts step in whole numbers: an axis of applications has no 0,2.
  const step = whole ? Math.max(1, Math.ceil(round)) : round;
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step, step };
}
