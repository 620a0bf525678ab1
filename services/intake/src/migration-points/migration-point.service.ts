import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import {
  assertOfficeReferenceAdministered,
  AuditTrail,
  Caller,
  decodeKeyCursor,
  DEFAULT_PAGE_SIZE,
  InvalidInputError,
  isNationalAdmin,
  keyPage,
  Page,
  ReferenceOfAnotherOffice,
  ResourceNotFoundError,
} from '@opis/platform';

import { MigrationPointDirectory, isMigrationPointCode } from './migration-point.directory';
import { MigrationPointDto, MigrationPointQuery } from './migration-point.dto';
import { MigrationPointRepository, MigrationPointRow } from './migration-point.repository';

const WHAT = 'migration point';
const codeViolation = { field: 'code', rule: 'matches', message: 'code must be the office code, a dash, then upper case letters, digits and dashes (at most 40)' };

/**
 * Intake's reference list of migration points (issue 19: events carry a point's code, never the
 * officer's words). Each point belongs to the office its code starts with; that office's
 * office-admin keeps it, a national-admin any. Every change, and every refusal, is audited with
 * the request id and source.
 */
@Injectable()
export class MigrationPointService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly points: MigrationPointRepository,
    private readonly directory: MigrationPointDirectory,
    private readonly audit: AuditTrail,
  ) {}

  public async list(query: MigrationPointQuery): Promise<Page<MigrationPointRow>> {
    const [after] = query.cursor === undefined ? [undefined] : decodeKeyCursor(query.cursor, [/^[A-Z0-9-]{1,40}$/]);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.points.page(this.dataSource.manager, { officeCode: query.office, after, limit: limit + 1 });
    return keyPage(rows, limit, (row) => [row.code]);
  }

  public async get(code: string): Promise<MigrationPointRow> {
    if (!isMigrationPointCode(code)) throw new InvalidInputError([codeViolation]);
    const [found] = await this.points.page(this.dataSource.manager, { code });
    if (!found) throw new ResourceNotFoundError(WHAT);
    return found;
  }

  public async upsert(caller: Caller, code: string, dto: MigrationPointDto): Promise<{ saved: MigrationPointRow; registered: boolean }> {
    const office = code.slice(0, 3) as OfficeCode;
    return this.audit.refusalsRecorded(
      caller,
      'migration-point.upsert',
      async () => {
        if (!isMigrationPointCode(code)) throw new InvalidInputError([codeViolation]);
        const saved = await this.dataSource.transaction(async (manager) => {
          const current = await this.points.officeForUpdate(manager, code);
          assertOfficeReferenceAdministered(caller.principal, WHAT, office, current);
          const within = isNationalAdmin(caller.principal) ? undefined : caller.principal.offices;
          const row: MigrationPointRow = { code, officeCode: office, name: dto.name, kind: dto.kind, active: dto.active ?? true };
          const written = await this.points.upsert(manager, row, caller.principal.subject, within);
          if (!written) throw new ReferenceOfAnotherOffice(WHAT, await this.points.officeForUpdate(manager, code));
          await this.audit.record({ actor: caller.principal, action: 'migration-point.upsert', officeCode: office, outcome: 'allowed', ...caller.meta }, manager);
          const [read] = await this.points.page(manager, { code });
          return { saved: read, registered: written === 'registered' };
        });
        this.directory.forget();
        return saved;
      },
      isMigrationPointCode(code) ? office : null,
    );
  }
}
