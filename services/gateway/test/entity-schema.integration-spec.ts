import { describeEntitySchema } from '@opis/service-harness';

import { GATEWAY_ENTITIES } from '../src/gateway.schema';
import { startGateway } from './gateway-harness';

describeEntitySchema('gateway', {
  start: () => startGateway('gateway-entity-schema'),
  dataSource: (bed) => bed.service.dataSource,
  entities: GATEWAY_ENTITIES,
});
