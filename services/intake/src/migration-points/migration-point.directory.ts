import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { MIGRATION_POINT_CODE_PATTERN, MIGRATION_POINT_CODE_MAX_LENGTH } from '@opis/contracts-intake';
import { OfficeCode } from '@opis/contracts-envelope';
import { InvalidInputError } from '@opis/platform';

import { MigrationPointRepository, MigrationPointRow } from './migration-point.repository';

/** How long a read of the list serves registrations before it is read again. */
const FRESH_FOR_MS = 60_000;

const FIELD = 'encounter.migrationPointCode';

/**
 * The migration points registrations check against, held in memory: the list is small and read
 * on every registration, the path whose latency officers feel. A code it does not know makes it
 * read the list again before refusing, so a point registered on another instance is accepted at
 * once; a point deactivated elsewhere is still accepted for up to a minute, which harms no child
 * (the case still names a real point). The foreign key on intake_case has the last word.
 */
@Injectable()
export class MigrationPointDirectory {
  private points = new Map<string, MigrationPointRow>();
  private readAt = 0;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: MigrationPointRepository,
  ) {}

  /**
   * The point a registration in `officeCode` names: `code`, an active point of that office, or
   * without a code the office's `-OTRO` point (a child met elsewhere, described in words).
   */
  public async pointFor(officeCode: OfficeCode, code: string | undefined): Promise<MigrationPointRow> {
    const wanted = code ?? `${officeCode}-OTRO`;
    let point = await this.find(wanted, false);
    if (!point || !point.active) point = await this.find(wanted, true);
    if (!point || !point.active) throw refused(`${wanted} is not an active migration point`, 'isActiveMigrationPoint');
    if (point.officeCode !== officeCode) throw refused(`${wanted} is a point of office ${point.officeCode}, not ${officeCode}`, 'isPointOfOffice');
    return point;
  }

  /** An active point for a correction of the case's encounter. */
  public async activePoint(code: string): Promise<MigrationPointRow> {
    const point = (await this.find(code, false)) ?? (await this.find(code, true));
    if (!point?.active) throw refused(`${code} is not an active migration point`, 'isActiveMigrationPoint');
    return point;
  }

  /** After a change on this instance: the next registration reads the list again. */
  public forget(): void {
    this.readAt = 0;
  }

  private async find(code: string, reread: boolean): Promise<MigrationPointRow | undefined> {
    if (reread || Date.now() - this.readAt > FRESH_FOR_MS) await this.read();
    return this.points.get(code);
  }

  private async read(): Promise<void> {
    // Concurrent registrations share one read.
    this.reading ??= (async () => {
      try {
        const rows = await this.repository.all(this.dataSource.manager);
        this.points = new Map(rows.map((row) => [row.code, row]));
        this.readAt = Date.now();
      } finally {
        this.reading = undefined;
      }
    })();
    await this.reading;
  }
}

function refused(message: string, rule: string): InvalidInputError {
  return new InvalidInputError([{ field: FIELD, rule, message }], 'The migration point is not one a registration in this office can name.');
}

/** A code that can name a point (what the DTOs and path parameters accept). */
export function isMigrationPointCode(code: string): boolean {
  return code.length <= MIGRATION_POINT_CODE_MAX_LENGTH && MIGRATION_POINT_CODE_PATTERN.test(code);
}
