import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { closeGenericPlanPool } from './prepared-query';

@Injectable()
export class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  public async onApplicationShutdown(): Promise<void> {
    await closeGenericPlanPool(this.dataSource);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
