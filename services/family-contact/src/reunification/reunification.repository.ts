import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ReunificationEntity } from '../records/family-activity.entity';

/** The child's hand-over to family. */
@Injectable()
export class ReunificationRepository {
  public async insertReunification(manager: EntityManager, reunification: ReunificationEntity): Promise<void> {
    await manager.insert(ReunificationEntity, reunification);
  }
}
