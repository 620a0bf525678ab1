// What bench:intake and bench:care send: registrations with the names officers meet most.
import { OfficeCode } from '@opis/contracts-envelope';

import { inventedName } from './platform-load';

/**
 * Registration `i` of a benchmark: an unaccompanied child detected an hour ago at one of
 * `offices` (in turn). With `medicalEmergencyEvery`, every n-th child arrives with a medical
 * emergency (care then opens an urgent referral).
 */
export function benchRegistration(i: number, offices: readonly OfficeCode[], options: { medicalEmergencyEvery?: number } = {}) {
  const every = options.medicalEmergencyEvery;
  const sex = i % 2 ? 'F' : 'M';
  return {
    child: {
      // Names as many namesakes share them in an office (the duplicate search works as hard).
      ...inventedName('bench', i, sex),
      sex,
      age: { years: 6 + (i % 11), status: 'DECLARED' },
      nationality: ['GT', 'HN', 'SV', 'VE', 'HT'][i % 5],
      countryOfResidence: 'GT',
      languages: ['spa'],
      speaksSpanish: 'YES',
    },
    encounter: {
      officeCode: offices[i % offices.length],
      migrationPoint: 'Punto de prueba',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      entryPath: 'DETECTED',
      accompaniment: 'UNACCOMPANIED',
    },
    screening: {
      protectionNeedIndicated: false,
      traffickingIndicators: false,
      medicalEmergency: every !== undefined && i % every === 0,
      disability: false,
      pregnant: false,
    },
  };
}
