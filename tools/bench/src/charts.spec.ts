import { barChart, COLOURS, lineChart, renderChart } from './charts';

/** The SVG's paths drawn as open lines, with their stroke and number of vertices. */
function openLines(svg: string): Array<{ stroke: string; vertices: number }> {
  return [...svg.matchAll(/<path d="([^"]*)"[^>]*>/g)]
    .filter(([tag]) => tag.includes('fill="none"'))
    .map(([tag, d]) => ({ stroke: /stroke="([^"]*)"/.exec(tag)?.[1] ?? '', vertices: (d.match(/[ML]/g) ?? []).length }));
}

/** The fill of each closed path (a bar, a legend icon). */
const fills = (svg: string) => [...svg.matchAll(/<path d="[^"]*Z"[^>]*fill="([^"]*)"/g)].map(([, fill]) => fill);

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map(([, text]) => text);

describe('charts', () => {
  const series = [
    { name: 'intake outbox', points: [[0, 0], [1, 4], [2, 9], [3, 3], [4, 0]] as const },
    { name: 'care lag', points: [[0, 2], [1, 2], [2, 5], [3, 1], [4, 1], [5, 0], [6, 0]] as const },
  ];

  it('draws a line chart with its title, axis names, legend and one line per series', () => {
    const svg = lineChart({ title: 'Backlog over the run', xLabel: 'seconds', yLabel: 'events', series, shaded: [{ from: 1, to: 2, label: 'NATS down' }] });

    expect(svg.startsWith('<svg')).toBe(true);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Backlog over the run', 'seconds', 'events', 'intake outbox', 'care lag', 'NATS down']));
    // Each series is one path through all its points, in its own colour.
    series.forEach((s, index) => {
      expect(openLines(svg).filter((line) => line.stroke === COLOURS[index] && line.vertices === s.points.length)).toHaveLength(1);
    });
  });

  it('draws bars with their labels, values and a target, red where a ceiling is passed', () => {
    const svg = barChart({
      title: 'p99 to the last downstream commit',
      xLabel: 'registrations/s',
      yLabel: 'ms',
      bars: [{ label: '40/s', value: 61 }, { label: '80/s', value: 140 }],
      target: { value: 100, label: '< 100 ms', max: true },
    });

    expect(texts(svg)).toEqual(expect.arrayContaining(['p99 to the last downstream commit', 'registrations/s', 'ms', '40/s', '80/s', '61', '140', '&lt; 100 ms']));
    // 61 under the ceiling, 140 over it.
    expect(fills(svg).filter((fill) => fill === COLOURS[0])).toHaveLength(1);
    expect(fills(svg).filter((fill) => fill === COLOURS[1])).toHaveLength(1);
    // The target line, dashed, across the plot.
    expect(openLines(svg).filter((line) => line.stroke === COLOURS[1])).toHaveLength(1);
  });

  it('puts several panels in one figure, each in its box', () => {
    const svg = renderChart({
      width: 1200,
      height: 800,
      panels: [
        { type: 'line', title: 'Lag', xLabel: 's', yLabel: 'events', series, box: { left: 0, top: 0, width: 1200, height: 400 } },
        { type: 'bar', title: 'Peak RSS', yLabel: 'MB', bars: [{ label: 'intake', value: 120 }], box: { left: 0, top: 400, width: 1200, height: 400 } },
      ],
    });

    expect(svg).toMatch(/^<svg width="1200" height="800"/);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Lag', 'Peak RSS', 'events', 'MB', 'intake']));
    expect(openLines(svg).filter((line) => line.vertices === series[0].points.length || line.vertices === series[1].points.length)).toHaveLength(2);
  });
});
