import { describeEntitySchema } from '@opis/service-harness';

import { REPATRIATION_ENTITIES } from '../../src/repatriation.schema';
import { startRepatriation } from './repatriation-harness';

describeEntitySchema('repatriation', {
  start: () => startRepatriation('entity-schema'),
  dataSource: (bed) => bed.service.dataSource,
  entities: REPATRIATION_ENTITIES,
});
