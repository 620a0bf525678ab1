/**
 * The 32 federal entities of Mexico, by ISO 3166-2:MX code without the `MX-` prefix.
 * Each is one INM federal office (oficina de representación).
 */
export const OFFICE_CODES = [
  'AGU', 'BCN', 'BCS', 'CAM', 'CHH', 'CHP', 'CMX', 'COA',
  'COL', 'DUR', 'GRO', 'GUA', 'HID', 'JAL', 'MEX', 'MIC',
  'MOR', 'NAY', 'NLE', 'OAX', 'PUE', 'QUE', 'ROO', 'SIN',
  'SLP', 'SON', 'TAB', 'TAM', 'TLA', 'VER', 'YUC', 'ZAC',
] as const;

export type OfficeCode = (typeof OFFICE_CODES)[number];

const officeCodeSet: ReadonlySet<string> = new Set(OFFICE_CODES);

export function isOfficeCode(value: unknown): value is OfficeCode {
  return typeof value === 'string' && officeCodeSet.has(value);
}
