/** A count as published: exact, or `<N` when it is small and the requester may not see case-level data. */
export type Cell = number | string;

/** How small counts are shown: exact for case-level readers, `<threshold` for everyone else. */
export class Disclosure {
  constructor(
    public readonly exact: boolean,
    public readonly threshold: number,
  ) {}

  /** Zero is shown: an empty cell identifies nobody. */
  public count(value: number): Cell {
    return this.exact || value === 0 || value >= this.threshold ? value : `<${this.threshold}`;
  }

  public isSuppressed(value: number): boolean {
    return !this.exact && value > 0 && value < this.threshold;
  }

  /**
   * A share or a statistic of a population: withheld (null) when the population is small and
   * the requester may not see case-level data, since a median of three children is a child's figure.
   */
  public statistic<T>(population: number, value: T | null): T | null {
    if (value === null || population === 0) return null;
    return this.exact || population >= this.threshold ? value : null;
  }

  public share(part: number, whole: number): number | null {
    return this.statistic(whole, whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
  }
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return [columns.map(csvField).join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))].join('\r\n') + '\r\n';
}

/** Nested indicators as `indicator,value` rows with dotted paths (arrays by index and their label). */
export function flatten(value: unknown, prefix = ''): Array<{ indicator: string; value: unknown }> {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => flatten(item, `${prefix}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [{ indicator: prefix, value }];
}
