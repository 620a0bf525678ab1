import { describeOpenApiFuzz, fuzzCallers } from '@opis/service-harness';

import { startLegalStatus } from './legal-harness';

describeOpenApiFuzz('legal-status', {
  start: () => startLegalStatus('fuzz'),
  service: (bed) => bed.service,
  plan: async (bed) => ({ tokens: await fuzzCallers(bed.service, 'national-admin'), pathValues: { caseId: [await bed.register()] } }),
});
