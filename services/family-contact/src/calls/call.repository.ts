import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CallEntity } from '../records/family-activity.entity';

/** The calls the child made to family. */
@Injectable()
export class CallRepository {
  public async insertCall(manager: EntityManager, call: CallEntity): Promise<void> {
    await manager.insert(CallEntity, call);
  }
}
