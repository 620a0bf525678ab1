import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  AuditTrail,
  Caller,
  decodeKeysetCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  encodeKeysetCursor,
  Page,
  Principal,
  ResourceNotFoundError,
  visibleOffices,
} from '@opis/platform';

import { Clock } from '../clock';
import { NotificationsConfig } from '../notifications.config';
import { NotificationsConflict, NotificationsErrorCode, NotificationsRuleViolation, OfficeNotAllowed } from '../notifications.exception';
import { CreateShiftDto, ListShiftsQuery, UpdateShiftDto } from './shift.dto';
import { ShiftRepository, ShiftRow } from './shift.repository';

/** A shift longer than this is a typing mistake, not a shift. */
const MAX_SHIFT_HOURS = 72;

export interface ShiftView {
  shiftId: string;
  /** Null for the national duty officer's shifts. */
  officeCode: string | null;
  subject: string;
  role: ShiftRow['role'];
  startsAt: string;
  endsAt: string;
  email: string | null;
  phone: string | null;
  createdBy: string;
  createdAt: string;
}

const toView = (shift: ShiftRow): ShiftView => ({
  shiftId: shift.id,
  officeCode: shift.officeCode,
  subject: shift.subject,
  role: shift.role,
  startsAt: shift.startsAt.toISOString(),
  endsAt: shift.endsAt.toISOString(),
  email: shift.email,
  phone: shift.phone,
  createdBy: shift.createdBy,
  createdAt: shift.createdAt.toISOString(),
});

/**
 * The roster. An office's supervisors and office-admins keep its shifts; the national duty
 * officer's shifts are national data, kept by national-admin. Another office's shift is
 * answered 404; every change and refusal is audited.
 */
@Injectable()
export class ShiftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shifts: ShiftRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  public async create(caller: Caller, dto: CreateShiftDto): Promise<ShiftView> {
    const officeCode = dto.officeCode ?? null;
    return this.audit.refusalsRecorded(
      caller,
      'shift.create',
      async () => {
        this.assertOfficeMatchesRole(dto.role, officeCode);
        if (!this.mayKeep(caller.principal, officeCode)) throw new OfficeNotAllowed('the roster');
        const window = this.window(dto);
        return this.dataSource.transaction(async (manager) => {
          const shift = await this.shifts.insert(manager, {
            id: uuidv7(),
            officeCode,
            subject: dto.subject,
            role: dto.role,
            ...window,
            email: dto.email ?? null,
            phone: dto.phone ?? null,
            createdBy: caller.principal.subject,
          });
          await this.audit.record({ actor: caller.principal, action: 'shift.create', officeCode: officeCode as OfficeCode | null, outcome: 'allowed', ...caller.meta }, manager);
          return toView(shift);
        });
      },
      officeCode as OfficeCode | null,
    );
  }

  public async update(caller: Caller, shiftId: string, dto: UpdateShiftDto): Promise<ShiftView> {
    return this.changeExisting(caller, 'shift.update', shiftId, async (manager, shift) => {
      if (shift.cancelledAt) throw this.cancelled();
      this.assertOfficeMatchesRole(dto.role, shift.officeCode);
      const updated = await this.shifts.update(manager, shiftId, { subject: dto.subject, role: dto.role, ...this.window(dto), email: dto.email ?? null, phone: dto.phone ?? null });
      return toView(updated);
    });
  }

  public async cancel(caller: Caller, shiftId: string): Promise<ShiftView> {
    return this.changeExisting(caller, 'shift.cancel', shiftId, async (manager, shift) => {
      if (shift.cancelledAt) throw this.cancelled();
      return toView(await this.shifts.cancel(manager, shiftId, this.clock.now()));
    });
  }

  public async get(caller: Caller, shiftId: string): Promise<ShiftView> {
    const shift = await this.shifts.find(this.dataSource.manager, shiftId);
    if (!shift || shift.cancelledAt || !this.mayRead(caller.principal, shift.officeCode)) throw new ResourceNotFoundError('shift');
    return toView(shift);
  }

  public async list(caller: Caller, query: ListShiftsQuery): Promise<Page<ShiftView>> {
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const visible = this.officesOf(caller.principal);
    const offices = query.office ? visible.filter((office) => office === query.office) : visible;
    const national = !query.office && this.mayRead(caller.principal, null);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.shifts.list(
      this.dataSource.manager,
      { offices, national, from: query.from ? new Date(query.from) : this.clock.now(), to: query.to ? new Date(query.to) : undefined },
      limit + 1,
      after && { at: after.at, id: after.id },
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toView), nextCursor: last && rows.length > limit ? encodeKeysetCursor({ at: last.startsAt, id: last.id }) : null };
  }

  private async changeExisting(
    caller: Caller,
    action: string,
    shiftId: string,
    change: (manager: import('typeorm').EntityManager, shift: ShiftRow) => Promise<ShiftView>,
  ): Promise<ShiftView> {
    let officeCode: OfficeCode | null = null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const shift = await this.shifts.find(manager, shiftId, { lock: true });
        if (!shift || !this.mayRead(caller.principal, shift.officeCode)) throw new ResourceNotFoundError('shift');
        officeCode = shift.officeCode as OfficeCode | null;
        if (!this.mayKeep(caller.principal, shift.officeCode)) throw new OfficeNotAllowed('the roster');
        const view = await change(manager, shift);
        await this.audit.record({ actor: caller.principal, action, officeCode, outcome: 'allowed', ...caller.meta }, manager);
        return view;
      });
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({ actor: caller.principal, action, officeCode, outcome: 'refused', reason: error.code, ...caller.meta });
      }
      throw error;
    }
  }

  private mayKeep(principal: Principal, officeCode: string | null): boolean {
    if (officeCode === null) return principal.roles.includes('national-admin');
    const keeper = principal.roles.includes('supervisor') || principal.roles.includes('office-admin');
    return keeper && principal.offices.includes(officeCode as OfficeCode) && (!this.config.OFFICES || this.config.OFFICES.includes(officeCode as OfficeCode));
  }

  private mayRead(principal: Principal, officeCode: string | null): boolean {
    if (officeCode === null) return principal.roles.includes('national') || principal.roles.includes('national-admin');
    return this.officesOf(principal).includes(officeCode as OfficeCode);
  }

  /** Offices whose roster the principal reads: a national-admin keeps the national duty roster and sees no office's. */
  private officesOf(principal: Principal): OfficeCode[] {
    if (principal.roles.every((role) => role === 'national-admin')) return [];
    return visibleOffices(principal, this.config.OFFICES);
  }

  private assertOfficeMatchesRole(role: ShiftRow['role'], officeCode: string | null): void {
    if ((role === 'NATIONAL_DUTY') === (officeCode === null)) return;
    throw new NotificationsRuleViolation(NotificationsErrorCode.SHIFT_INVALID, 'Office shifts name their office; a national duty shift names none.', [
      { field: 'officeCode', rule: 'matchesRole', message: role === 'NATIONAL_DUTY' ? 'must be absent for NATIONAL_DUTY' : 'is required for OFFICER and SUPERVISOR' },
    ]);
  }

  private window(dto: UpdateShiftDto): { startsAt: Date; endsAt: Date } {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const hours = (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
    if (hours <= 0 || hours > MAX_SHIFT_HOURS) {
      throw new NotificationsRuleViolation(NotificationsErrorCode.SHIFT_INVALID, `A shift ends after it starts, within ${MAX_SHIFT_HOURS} hours.`, [
        { field: 'endsAt', rule: 'shiftLength', message: `must be after startsAt and at most ${MAX_SHIFT_HOURS} h later` },
      ]);
    }
    return { startsAt, endsAt };
  }

  private cancelled(): NotificationsConflict {
    return new NotificationsConflict(NotificationsErrorCode.SHIFT_CANCELLED, 'The shift was cancelled.', [{ field: 'shiftId', rule: 'notCancelled', message: 'the shift is cancelled' }]);
  }
}
