import { describeOpenApiFuzz, fuzzCallers } from '@opis/service-harness';

import { startCareTestBed } from './care-harness';

describeOpenApiFuzz('care', {
  start: () => startCareTestBed('fuzz'),
  service: (bed) => bed.care,
  plan: async (bed) => ({ tokens: await fuzzCallers(bed.care), pathValues: { caseId: [await bed.openRecord()] } }),
});
