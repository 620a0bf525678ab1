// Charts drawn into a PNG with pngjs: lines over time and bars with a target line, labelled in a
// small bitmap font, enough for a person to see a benchmark's figures at a glance.
import { writeFileSync } from 'node:fs';

import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

// 3x5 glyphs, one row per string of 3 bits ('#' on).
const GLYPHS: Record<string, string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'], '1': ['.#.', '##.', '.#.', '.#.', '###'], '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'], '4': ['#.#', '#.#', '###', '..#', '..#'], '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'], '7': ['###', '..#', '.#.', '.#.', '.#.'], '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'], A: ['.#.', '#.#', '###', '#.#', '#.#'], B: ['##.', '#.#', '##.', '#.#', '##.'],
  C: ['###', '#..', '#..', '#..', '###'], D: ['##.', '#.#', '#.#', '#.#', '##.'], E: ['###', '#..', '##.', '#..', '###'],
  F: ['###', '#..', '##.', '#..', '#..'], G: ['###', '#..', '#.#', '#.#', '###'], H: ['#.#', '#.#', '###', '#.#', '#.#'],
  I: ['###', '.#.', '.#.', '.#.', '###'], J: ['..#', '..#', '..#', '#.#', '###'], K: ['#.#', '#.#', '##.', '#.#', '#.#'],
  L: ['#..', '#..', '#..', '#..', '###'], M: ['#.#', '###', '###', '#.#', '#.#'], N: ['##.', '#.#', '#.#', '#.#', '#.#'],
  O: ['###', '#.#', '#.#', '#.#', '###'], P: ['###', '#.#', '###', '#..', '#..'], Q: ['###', '#.#', '#.#', '###', '..#'],
  R: ['##.', '#.#', '##.', '#.#', '#.#'], S: ['###', '#..', '###', '..#', '###'], T: ['###', '.#.', '.#.', '.#.', '.#.'],
  U: ['#.#', '#.#', '#.#', '#.#', '###'], V: ['#.#', '#.#', '#.#', '#.#', '.#.'], W: ['#.#', '#.#', '###', '###', '#.#'],
  X: ['#.#', '#.#', '.#.', '#.#', '#.#'], Y: ['#.#', '#.#', '.#.', '.#.', '.#.'], Z: ['###', '..#', '.#.', '#..', '###'],
  ' ': ['...', '...', '...', '...', '...'], '.': ['...', '...', '...', '...', '.#.'], ':': ['...', '.#.', '...', '.#.', '...'],
  '-': ['...', '...', '###', '...', '...'], '/': ['..#', '..#', '.#.', '#..', '#..'], '%': ['#.#', '..#', '.#.', '#..', '#.#'],
  '(': ['.#.', '#..', '#..', '#..', '.#.'], ')': ['.#.', '..#', '..#', '..#', '.#.'], '<': ['..#', '.#.', '#..', '.#.', '..#'],
  '>': ['#..', '.#.', '..#', '.#.', '#..'], '=': ['...', '###', '...', '###', '...'], ',': ['...', '...', '...', '.#.', '#..'],
  '_': ['...', '...', '...', '...', '###'], '+': ['...', '.#.', '###', '.#.', '...'],
};

export const COLOURS: readonly Rgb[] = [
  [31, 119, 180], [214, 39, 40], [44, 160, 44], [255, 127, 14], [148, 103, 189], [140, 86, 75], [227, 119, 194], [23, 190, 207],
];

export class Canvas {
  private readonly png: PNG;

  constructor(
    public readonly width: number,
    public readonly height: number,
  ) {
    this.png = new PNG({ width, height });
    this.rect(0, 0, width, height, [255, 255, 255]);
  }

  public pixel(x: number, y: number, colour: Rgb): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const at = (py * this.width + px) * 4;
    this.png.data[at] = colour[0];
    this.png.data[at + 1] = colour[1];
    this.png.data[at + 2] = colour[2];
    this.png.data[at + 3] = 255;
  }

  public rect(x: number, y: number, w: number, h: number, colour: Rgb): void {
    for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) this.pixel(x + dx, y + dy, colour);
  }

  public line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      this.rect(x - Math.floor(thickness / 2), y - Math.floor(thickness / 2), thickness, thickness, colour);
    }
  }

  public text(x: number, y: number, value: string, colour: Rgb = [0, 0, 0], scale = 2): void {
    let cx = x;
    for (const char of value.toUpperCase()) {
      const glyph = GLYPHS[char] ?? GLYPHS[' '];
      glyph.forEach((row, gy) => [...row].forEach((bit, gx) => bit === '#' && this.rect(cx + gx * scale, y + gy * scale, scale, scale, colour)));
      cx += 4 * scale;
    }
  }

  public save(path: string): void {
    writeFileSync(path, PNG.sync.write(this.png));
  }
}

export interface Series {
  label: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** Lines over a shared x axis in the box (x, y, w, h), with shaded x ranges (e.g. an outage). */
export function lineChart(canvas: Canvas, box: { x: number; y: number; w: number; h: number }, title: string, series: readonly Series[], shaded: ReadonlyArray<readonly [number, number, string]> = [], xLabel = 'S'): void {
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const yMax = Math.max(1, ...all.map(([, y]) => y)) * 1.1;
  const plot = { x: box.x + 60, y: box.y + 60, w: box.w - 80, h: box.h - 90 };
  const px = (x: number) => plot.x + (x / xMax) * plot.w;
  const py = (y: number) => plot.y + plot.h - (y / yMax) * plot.h;
  canvas.text(box.x + 10, box.y + 5, title);
  for (const [from, to, label] of shaded) {
    canvas.rect(px(from), plot.y, Math.max(1, px(to) - px(from)), plot.h, [225, 225, 225]);
    canvas.text(px(from) + 2, plot.y + 2, label, [90, 90, 90]);
  }
  canvas.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, [0, 0, 0]);
  canvas.line(plot.x, plot.y, plot.x, plot.y + plot.h, [0, 0, 0]);
  for (let i = 0; i <= 4; i++) {
    const value = (yMax * i) / 4;
    canvas.text(box.x + 2, py(value) - 5, formatTick(value));
    canvas.line(plot.x - 4, py(value), plot.x, py(value), [0, 0, 0]);
    const xValue = (xMax * i) / 4;
    canvas.text(px(xValue) - 10, plot.y + plot.h + 6, `${formatTick(xValue)}${i === 4 ? ` ${xLabel}` : ''}`);
  }
  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length];
    for (let i = 1; i < s.points.length; i++) canvas.line(px(s.points[i - 1][0]), py(s.points[i - 1][1]), px(s.points[i][0]), py(s.points[i][1]), colour, 2);
    // The legend, three to a row, at the top right beside the title.
    const legendX = box.x + box.w - 3 * 250 + (index % 3) * 250;
    const legendY = box.y + 4 + Math.floor(index / 3) * 13;
    canvas.rect(legendX, legendY + 1, 12, 8, colour);
    canvas.text(legendX + 16, legendY, s.label.slice(0, 28), [0, 0, 0], 2);
  });
}

/** Bars with an optional target line (drawn dashed, labelled). */
export function barChart(canvas: Canvas, box: { x: number; y: number; w: number; h: number }, title: string, bars: ReadonlyArray<{ label: string; value: number }>, target?: { value: number; label: string }): void {
  const yMax = Math.max(1e-9, ...bars.map((bar) => bar.value), target?.value ?? 0) * 1.15;
  const plot = { x: box.x + 60, y: box.y + 30, w: box.w - 80, h: box.h - 80 };
  const py = (y: number) => plot.y + plot.h - (y / yMax) * plot.h;
  canvas.text(box.x + 10, box.y + 5, title);
  canvas.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, [0, 0, 0]);
  canvas.line(plot.x, plot.y, plot.x, plot.y + plot.h, [0, 0, 0]);
  for (let i = 0; i <= 4; i++) canvas.text(box.x + 2, py((yMax * i) / 4) - 5, formatTick((yMax * i) / 4));
  const slot = plot.w / Math.max(1, bars.length);
  bars.forEach((bar, index) => {
    const x = plot.x + index * slot + slot * 0.15;
    const colour = target && bar.value > target.value && target.label.startsWith('<') ? COLOURS[1] : COLOURS[0];
    canvas.rect(x, py(bar.value), slot * 0.7, plot.y + plot.h - py(bar.value), colour);
    canvas.text(x, py(bar.value) - 14, formatTick(bar.value));
    canvas.text(x, plot.y + plot.h + 6 + (index % 2) * 14, bar.label.slice(0, Math.floor((slot * 1.8) / 8)), [0, 0, 0], 2);
  });
  if (target) {
    for (let x = plot.x; x < plot.x + plot.w; x += 12) canvas.line(x, py(target.value), Math.min(x + 6, plot.x + plot.w), py(target.value), COLOURS[1], 2);
    canvas.text(plot.x + plot.w - target.label.length * 8 - 4, py(target.value) - 14, target.label, COLOURS[1]);
  }
}

function formatTick(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}K`;
  if (value >= 10) return value.toFixed(0);
  if (value >= 1) return value.toFixed(1);
  return value.toFixed(2);
}
