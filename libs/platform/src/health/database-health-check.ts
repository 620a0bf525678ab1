import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { HealthRegistry } from './health-registry';

/**
 * Ready means the database answers and holds the schema this build expects: a service started
 * on an unmigrated database answered every route 500 while `SELECT 1` said ready. Once every
 * migration is applied the answer is kept (a running process never sees one undone).
 */
@Injectable()
export class DatabaseHealthCheck implements OnModuleInit {
  private migrated = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: HealthRegistry,
  ) {}

  public onModuleInit(): void {
    this.registry.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
    this.registry.register('migrations', async () => {
      if (!this.migrated) this.migrated = !(await this.dataSource.showMigrations());
      return this.migrated;
    });
  }
}
