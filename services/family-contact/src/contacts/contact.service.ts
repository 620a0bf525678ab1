import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { AuditTrail, InvalidInputError } from '@opis/platform';

import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { ContactWithPhones, FamilyRepository } from '../records/family.repository';
import { ContactCrypto } from './contact-crypto';
import { ContactEntity, ContactPhoneEntity } from './contact.entity';
import { ContactView, CreateContactDto } from './contact.dto';

const SEARCH_LIMIT = 50;

@Injectable()
export class ContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: FamilyRepository,
    private readonly access: FamilyAccess,
    private readonly crypto: ContactCrypto,
    private readonly audit: AuditTrail,
  ) {}

  public async create(caller: Caller, caseId: string, dto: CreateContactDto): Promise<ContactView> {
    return this.access.change(caller, 'contact.create', caseId, async (manager) => {
      const id = uuidv7();
      const now = new Date();
      const hashes = dto.phoneNumbers.map((raw, index) => {
        const hashed = this.crypto.phoneHash(raw);
        if (!hashed) {
          throw new InvalidInputError([
            { field: `phoneNumbers.${index}`, rule: 'isPhoneNumber', message: 'must be a full international number (7 to 15 digits)' },
          ]);
        }
        return hashed;
      });
      if (new Set(hashes.map((hashed) => hashed.hash)).size !== hashes.length) {
        throw new FamilyRuleViolation(FamilyErrorCode.DUPLICATE_PHONE, 'The same number is given twice.', undefined, [
          { field: 'phoneNumbers', rule: 'unique', message: 'each number once' },
        ]);
      }
      const contact: ContactEntity = {
        id,
        caseId,
        relationship: dto.relationship,
        givenNamesEnc: this.crypto.seal('family_contact.given_names', id, dto.givenNames.trim()),
        familyNamesEnc: this.crypto.seal('family_contact.family_names', id, dto.familyNames.trim()),
        country: dto.country,
        placeEnc: this.crypto.sealOptional('family_contact.place', id, dto.place),
        howKnownEnc: this.crypto.sealOptional('family_contact.how_known', id, dto.howKnown),
        wantsContact: dto.wantsContact,
        status: 'NAMED',
        locatedAt: null,
        locatedVia: null,
        createdBy: caller.principal.subject,
        createdAt: now,
        updatedAt: now,
      };
      const phones: ContactPhoneEntity[] = hashes.map((hashed, position) => {
        const phoneId = uuidv7();
        return {
          id: phoneId,
          contactId: id,
          caseId,
          numberEnc: this.crypto.seal('contact_phone.number', phoneId, hashed.normalised),
          numberHash: hashed.hash,
          position,
        };
      });
      await this.records.insertContact(manager, contact, phones);
      return this.toView({ contact, phones });
    });
  }

  /** Names and numbers, decrypted for an officer or supervisor of the case's office; audited. */
  public async list(caller: Caller, caseId: string): Promise<ContactView[]> {
    return this.access.read(caller, 'contact.read', caseId, async (manager) =>
      (await this.records.findContactsWithPhones(manager, caseId)).map((found) => this.toView(found)),
    );
  }

  /** Exact match on a number through its keyed hash, in the caller's offices only; each hit audited. */
  public async searchByPhone(caller: Caller, phone: string): Promise<ContactView[]> {
    const hashed = this.crypto.phoneHash(phone);
    if (!hashed) {
      const error = new InvalidInputError([
        { field: 'phone', rule: 'isPhoneNumber', message: 'must be a full international number (7 to 15 digits)' },
      ]);
      await this.access.recordRefusal(caller, 'contact.search', error);
      throw error;
    }
    const offices = this.access.officesOf(caller.principal);
    const matches = offices.length === 0 ? [] : await this.records.findByPhoneHash(this.dataSource.manager, hashed.hash, offices, SEARCH_LIMIT);
    await this.audit.recordMany(
      matches.length === 0
        ? [{ actor: caller.principal, action: 'contact.search', outcome: 'allowed' as const, ...caller.meta }]
        : matches.map((match) => ({
            actor: caller.principal,
            action: 'contact.search',
            caseId: match.contact.caseId,
            officeCode: match.officeCode,
            outcome: 'allowed' as const,
            ...caller.meta,
          })),
    );
    return matches.map((match) => this.toView(match));
  }

  private toView({ contact, phones }: ContactWithPhones): ContactView {
    const id = contact.id;
    return {
      contactId: id,
      caseId: contact.caseId,
      relationship: contact.relationship,
      givenNames: this.crypto.open('family_contact.given_names', id, contact.givenNamesEnc),
      familyNames: this.crypto.open('family_contact.family_names', id, contact.familyNamesEnc),
      phoneNumbers: phones.map((phone) => ({
        phoneId: phone.id,
        number: this.crypto.open('contact_phone.number', phone.id, phone.numberEnc),
      })),
      country: contact.country,
      place: this.crypto.openOptional('family_contact.place', id, contact.placeEnc),
      howKnown: this.crypto.openOptional('family_contact.how_known', id, contact.howKnownEnc),
      wantsContact: contact.wantsContact,
      status: contact.status,
      locatedAt: contact.locatedAt ? contact.locatedAt.toISOString() : null,
      locatedVia: contact.locatedVia,
      createdAt: contact.createdAt.toISOString(),
    };
  }
}
