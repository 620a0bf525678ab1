import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ConsularNotificationEntity } from '../records/family-activity.entity';

/** The notifications made to the child's consulate. */
@Injectable()
export class ConsularRepository {
  public async insertConsularNotification(manager: EntityManager, notification: ConsularNotificationEntity): Promise<void> {
    await manager.insert(ConsularNotificationEntity, notification);
  }
}
