import { RequestBodyOf } from '@opis/api-clients';

export type Registration = RequestBodyOf<'intake', '/v1/cases', 'post'>;

/** A registration as an officer in Chiapas sends it, for tests that drive the platform over HTTP. */
export function sampleRegistration(officeCode: Registration['encounter']['officeCode'] = 'CHP', givenNames = 'Ixchel'): Registration {
  return {
    child: {
      givenNames,
      familyNames: 'Tzul Caal',
      sex: 'F',
      age: { years: 13, status: 'DECLARED' },
      nationality: 'GT',
      countryOfResidence: 'GT',
      languages: ['quc', 'spa'],
      speaksSpanish: 'PARTIAL',
    },
    encounter: {
      officeCode,
      migrationPoint: 'Ciudad Hidalgo',
      detectedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      entryPath: 'DETECTED',
      accompaniment: 'UNACCOMPANIED',
    },
    screening: {
      protectionNeedIndicated: false,
      traffickingIndicators: false,
      medicalEmergency: false,
      disability: false,
      pregnant: false,
    },
  };
}
