import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ChildConcernEntity } from '../records/family-activity.entity';

/** What the child stated to family-contact's officers about fear of return or a protection need. */
@Injectable()
export class ConcernRepository {
  public async insertConcern(manager: EntityManager, concern: ChildConcernEntity): Promise<void> {
    await manager.insert(ChildConcernEntity, concern);
  }
}
