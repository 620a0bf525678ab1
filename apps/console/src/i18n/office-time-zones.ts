// Each federal office's time zone, for showing deadlines as the office reads its clock. Most of
// Mexico keeps central time; the border and Pacific states do not (and Sonora never changes).
const ZONES: Record<string, string> = {
  BCN: 'America/Tijuana',
  BCS: 'America/Mazatlan',
  SON: 'America/Hermosillo',
  SIN: 'America/Mazatlan',
  NAY: 'America/Mazatlan',
  CHH: 'America/Chihuahua',
  ROO: 'America/Cancun',
};

export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

export function timeZoneOf(officeCode: string | undefined): string {
  return (officeCode && ZONES[officeCode]) || DEFAULT_TIME_ZONE;
}
