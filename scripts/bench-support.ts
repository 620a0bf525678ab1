// What bench:intake and bench:care send: registrations with the names officers meet most.
import { OfficeCode } from '@opis/contracts-envelope';

// Common given names and surnames, so that duplicate detection works as hard as in an office,
// where many children share a name.
const GIVEN = ['María', 'José', 'Juan', 'Ana', 'Luis', 'Carlos', 'Rosa', 'Jorge', 'Wendy', 'Kevin', 'Brayan', 'Yeimi', 'Ixchel', 'Dulce', 'Héctor', 'Marvin', 'Elvia', 'Santos', 'Lesly', 'Edwin', 'Glenda', 'Oscar', 'Daniela', 'Fernando', 'Milagro', 'Byron', 'Karla', 'Ángel', 'Sofía', 'Cristian'];
const FAMILY = ['García', 'López', 'Hernández', 'Pérez', 'Martínez', 'Ramírez', 'Cruz', 'Gómez', 'Xol', 'Coj', 'Tum', 'Ajú', 'Mejía', 'Reyes', 'Flores', 'Morales', 'Castillo', 'Ortiz', 'Chávez', 'Juárez', 'Vásquez', 'Mendoza', 'Aguilar', 'Rivera', 'Méndez', 'Cac', 'Tzul', 'Caal', 'Pop', 'Ixcoy'];

/**
 * Registration `i` of a benchmark: an unaccompanied child detected an hour ago at one of
 * `offices` (in turn). With `medicalEmergencyEvery`, every n-th child arrives with a medical
 * emergency (care then opens an urgent referral).
 */
export function benchRegistration(i: number, offices: readonly OfficeCode[], options: { medicalEmergencyEvery?: number } = {}) {
  const pick = (list: string[], salt: number) => list[(i * 7919 + salt * 104729) % list.length];
  const every = options.medicalEmergencyEvery;
  return {
    child: {
      givenNames: `${pick(GIVEN, 1)} ${pick(GIVEN, 2)}`,
      familyNames: `${pick(FAMILY, 3)} ${pick(FAMILY, 4)}`,
      sex: i % 2 ? 'F' : 'M',
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
