// The benchmarks' charts, drawn by Apache ECharts and rendered on the server to SVG text: no
// browser, no canvas, no native addon. One figure holds one or more panels (a line chart over
// time, or bars against a target), each in its own box of the figure.
import * as echarts from 'echarts';
import type { BarSeriesOption, GridComponentOption, LineSeriesOption, TitleComponentOption, XAXisComponentOption, YAXisComponentOption } from 'echarts';

/** A panel's place in the figure, in pixels from its top left corner. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LineSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** Lines over a shared x axis, with shaded x ranges (e.g. an outage). */
export interface LinePanel {
  type: 'line';
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  shaded?: ReadonlyArray<{ from: number; to: number; label: string }>;
  box?: Box;
}

export interface Target {
  value: number;
  label: string;
  /** A ceiling: bars above it are drawn red, as missing it. */
  max?: boolean;
}

/** One bar per label, with an optional target drawn as a dashed line. */
export interface BarPanel {
  type: 'bar';
  title: string;
  xLabel?: string;
  yLabel: string;
  bars: ReadonlyArray<{ label: string; value: number }>;
  target?: Target;
  box?: Box;
}

export type Panel = LinePanel | BarPanel;

/** A panel as ECharts options, one entry of each of the figure's lists. */
interface PanelOptions {
  title: TitleComponentOption;
  grid: GridComponentOption;
  xAxis: XAXisComponentOption;
  yAxis: YAXisComponentOption;
  series: Array<LineSeriesOption | BarSeriesOption>;
}

export const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const BAR = COLOURS[0];
const MISSED = COLOURS[1];
const TEXT = { fontSize: 13, color: '#222' };

/** The figure as SVG text: panels without a box fill the whole figure. */
export function renderChart(figure: { width: number; height: number; panels: readonly Panel[] }): string {
  const whole = { left: 0, top: 0, width: figure.width, height: figure.height };
  const parts = figure.panels.map((panel, index) => (panel.type === 'line' ? linePanel(panel, panel.box ?? whole, index) : barPanel(panel, panel.box ?? whole, index)));
  const lines = figure.panels.filter((panel): panel is LinePanel => panel.type === 'line');
  const legendBox = lines[0]?.box ?? whole;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: figure.width, height: figure.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#fff',
      color: COLOURS,
      textStyle: { fontFamily: 'sans-serif' },
      title: parts.map((part) => part.title),
      grid: parts.map((part) => part.grid),
      xAxis: parts.map((part) => part.xAxis),
      yAxis: parts.map((part) => part.yAxis),
      series: parts.flatMap((part) => part.series),
      // Only the lines need telling apart; a bar's label is under it.
      legend: lines.length === 0 ? undefined : { data: lines.flatMap((panel) => panel.series.map((s) => s.name)), right: figure.width - legendBox.left - legendBox.width + 20, top: legendBox.top + 8, width: legendBox.width / 2, textStyle: TEXT },
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** One line chart alone, as SVG text. */
export function lineChart(panel: Omit<LinePanel, 'type' | 'box'>, size = { width: 1000, height: 500 }): string {
  return renderChart({ ...size, panels: [{ type: 'line', ...panel }] });
}

/** One bar chart alone, as SVG text. */
export function barChart(panel: Omit<BarPanel, 'type' | 'box'>, size = { width: 800, height: 500 }): string {
  return renderChart({ ...size, panels: [{ type: 'bar', ...panel }] });
}

/** A panel's title, plot area and axis style; `right` leaves room for a target's label beside the plot. */
function frame(title: string, box: Box, index: number, right: number) {
  return {
    title: { text: title, left: box.left + 10, top: box.top + 8, textStyle: { fontSize: 15, fontWeight: 'bold' as const } },
    grid: { left: box.left + 80, top: box.top + 60, width: box.width - 80 - right, height: box.height - 130 },
    axis: { gridIndex: index, nameLocation: 'middle' as const, nameTextStyle: TEXT, axisLabel: TEXT },
  };
}

function linePanel(panel: LinePanel, box: Box, index: number): PanelOptions {
  const { title, grid, axis } = frame(panel.title, box, index, 40);
  const shaded = panel.shaded ?? [];
  return {
    title,
    grid,
    // The axis ends with the data; its last label would crowd the tick before it.
    xAxis: { ...axis, type: 'value', name: panel.xLabel, nameGap: 28, max: 'dataMax', axisLabel: { ...TEXT, showMaxLabel: false } },
    yAxis: { ...axis, type: 'value', name: panel.yLabel, nameGap: 55 },
    series: panel.series.map((series, at) => ({
      type: 'line',
      name: series.name,
      xAxisIndex: index,
      yAxisIndex: index,
      data: series.points.map(([x, y]) => [x, y]),
      showSymbol: false,
      lineStyle: { width: 2 },
      // The shaded ranges belong to the panel; they ride on its first series.
      markArea:
        at === 0 && shaded.length > 0
          ? { silent: true, itemStyle: { color: 'rgba(0, 0, 0, 0.08)' }, label: { color: '#555' }, data: shaded.map((range) => [{ name: range.label, xAxis: range.from }, { xAxis: range.to }]) }
          : undefined,
    })),
  };
}

function barPanel(panel: BarPanel, box: Box, index: number): PanelOptions {
  const target = panel.target;
  const { title, grid, axis } = frame(panel.title, box, index, target ? 110 : 40);
  // A label wider than its bar's slot wraps onto more lines (13 px text is about 7 px a character).
  const slot = grid.width / Math.max(1, panel.bars.length);
  const extra = (Math.max(1, ...panel.bars.map((bar) => Math.ceil((bar.label.length * 7) / (slot - 8)))) - 1) * 16;
  return {
    title,
    grid: { ...grid, height: grid.height - extra },
    xAxis: {
      ...axis,
      type: 'category',
      name: panel.xLabel,
      nameGap: 30 + extra,
      data: panel.bars.map((bar) => bar.label),
      axisLabel: { ...TEXT, interval: 0, width: slot - 8, overflow: 'break', lineHeight: 16 },
    },
    // The target is always in view, met or not; the room above the tallest bar is for its value.
    yAxis: { ...axis, type: 'value', name: panel.yLabel, nameGap: 55, ...roundScale(Math.max(...panel.bars.map((bar) => bar.value), target?.value ?? 0) * 1.1) },
    series: [
      {
        type: 'bar',
        xAxisIndex: index,
        yAxisIndex: index,
        data: panel.bars.map((bar) => ({ value: bar.value, itemStyle: { color: target?.max && bar.value > target.value ? MISSED : BAR } })),
        label: { show: true, position: 'top', ...TEXT, formatter: (item: { value: unknown }) => formatValue(Number(item.value)) },
        markLine: target
          ? { silent: true, symbol: 'none', lineStyle: { color: MISSED, type: 'dashed', width: 2 }, label: { formatter: target.label, color: MISSED, position: 'end', fontSize: 13 }, data: [{ yAxis: target.value }] }
          : undefined,
      },
    ],
  };
}

/** From 0 to past `value` in at most six round steps, so the top line is labelled like the others. */
function roundScale(value: number): { max: number; interval: number } {
  if (!(value > 0)) return { max: 1, interval: 0.2 };
  const power = 10 ** Math.floor(Math.log10(value / 5));
  const interval = [1, 2, 2.5, 5].map((factor) => factor * power).find((step) => value / step <= 6) ?? 10 * power;
  return { max: Math.ceil(value / interval) * interval, interval };
}

function formatValue(value: number): string {
  if (Math.abs(value) >= 100) return String(Math.round(value));
  if (Math.abs(value) >= 1) return String(Math.round(value * 10) / 10);
  return String(Math.round(value * 100) / 100);
}
