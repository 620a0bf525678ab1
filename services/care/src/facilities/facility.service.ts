import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PlacementFacilityType, PlacementSetting } from '@opis/contracts-care';
import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { AuditTrail, decodeKeysetCursor, DEFAULT_PAGE_SIZE, DomainError, encodeKeysetCursor, Page, ResourceNotFoundError } from '@opis/platform';

import { CareErrorCode, CareConflict, CareRuleViolation, OfficeNotAllowed } from '../cases/care.exception';
import { CareAccess, Caller } from '../cases/care-access.service';
import { FacilityEntity } from './facility.entity';
import { FacilityRepository } from './facility.repository';
import { assertNotDetention } from './placement-rules';
import { ListFacilitiesQuery, RegisterFacilityDto } from './register-facility.dto';

export interface FacilityView {
  facilityId: string;
  officeCode: OfficeCode;
  name: string;
  type: PlacementFacilityType;
  capacity: number;
  /** Children placed there now. */
  occupancy: number;
  available: number;
  full: boolean;
  settings: PlacementSetting[];
  accreditation: string | null;
  registeredAt: string;
}

function toView(facility: FacilityEntity, occupancy: number): FacilityView {
  return {
    facilityId: facility.id,
    officeCode: facility.officeCode as OfficeCode,
    name: facility.name,
    type: facility.type as PlacementFacilityType,
    capacity: facility.capacity,
    occupancy,
    available: Math.max(0, facility.capacity - occupancy),
    full: occupancy >= facility.capacity,
    settings: facility.settings as PlacementSetting[],
    accreditation: facility.accreditation,
    registeredAt: facility.registeredAt.toISOString(),
  };
}

/** The registry of places a child may stay (GD-06), with occupancy so a full shelter shows before placing. */
@Injectable()
export class FacilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facilities: FacilityRepository,
    private readonly access: CareAccess,
    private readonly audit: AuditTrail,
  ) {}

  public async register(caller: Caller, dto: RegisterFacilityDto): Promise<FacilityView> {
    try {
      if (!this.access.officesOf(caller.principal).includes(dto.officeCode)) throw new OfficeNotAllowed(dto.officeCode);
      assertNotDetention(dto.type, 'type');
      if ((dto.settings as string[]).includes('MIXED_ADULT_AREA')) {
        throw new CareRuleViolation(CareErrorCode.UNRELATED_ADULTS, 'A facility for children has no area shared with unrelated adults.', 'GD-07', [
          { field: 'settings', rule: 'noUnrelatedAdults', message: 'must be CHILD_ONLY_AREA and/or FAMILY_UNIT_AREA' },
        ]);
      }
      const facility: FacilityEntity = {
        id: uuidv7(),
        officeCode: dto.officeCode,
        name: dto.name.trim(),
        type: dto.type,
        capacity: dto.capacity,
        settings: [...new Set(dto.settings)],
        accreditation: dto.accreditation ?? null,
        registeredBy: caller.principal.subject,
        registeredAt: new Date(),
      };
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.facilities.insert(manager, facility))) {
          throw new CareConflict(CareErrorCode.FACILITY_NAME_TAKEN, 'The office already has a facility of that name.', undefined, [
            { field: 'name', rule: 'unique', message: 'a facility name is unique within its office' },
          ]);
        }
        await this.audit.record(
          { actor: caller.principal, action: 'facility.register', officeCode: dto.officeCode, outcome: 'allowed', ...caller.meta },
          manager,
        );
      });
      return toView(facility, 0);
    } catch (error) {
      if (error instanceof DomainError) {
        await this.access.recordRefusal(caller, 'facility.register', error, undefined, dto.officeCode);
      }
      throw error;
    }
  }

  public async list(caller: Caller, query: ListFacilitiesQuery): Promise<Page<FacilityView>> {
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const visible = this.access.officesOf(caller.principal);
    const offices: OfficeCode[] = query.office ? visible.filter((office) => office === query.office) : visible;
    if (offices.length === 0) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.facilities.list(this.dataSource.manager, offices, limit + 1, after && { registeredAt: after.at, id: after.id });
    const page = rows.slice(0, limit);
    const last = page.at(-1)?.facility;
    return {
      items: page.map(({ facility, occupancy }) => toView(facility, occupancy)),
      nextCursor: last && rows.length > limit ? encodeKeysetCursor({ at: last.registeredAt, id: last.id }) : null,
    };
  }

  /** Another office's facility is answered as an unknown one. */
  public async get(caller: Caller, facilityId: string): Promise<FacilityView> {
    const found = await this.facilities.findInOffices(this.dataSource.manager, facilityId, this.access.officesOf(caller.principal));
    if (!found) throw new ResourceNotFoundError('facility');
    return toView(found.facility, found.occupancy);
  }
}
