import { describeOpenApiFuzz, fuzzCallers } from '@opis/service-harness';

import { startRepatriation } from './repatriation-harness';

describeOpenApiFuzz('repatriation', {
  start: () => startRepatriation('fuzz'),
  service: (bed) => bed.service,
  plan: async (bed) => ({ tokens: await fuzzCallers(bed.service, 'national-admin'), pathValues: { caseId: [await bed.register()] } }),
});
