import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { ContactStatus, ContactWish, Relationship } from '@opis/contracts-family-contact';
import {
  AuditTrail,
  decodeKeysetCursor,
  DEFAULT_PAGE_SIZE,
  encodeKeysetCursor,
  InvalidInputError,
  PageQuery,
  ResourceNotFoundError,
} from '@opis/platform';

import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { ContactCrypto } from './contact-crypto';
import { ContactEntity, ContactPhoneEntity } from './contact.entity';
import { ContactPage, ContactView, CreateContactDto, PhoneSearchQuery } from './contact.dto';
import { ContactRepository, ContactWithPhones } from './contact.repository';

@Injectable()
export class ContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactRepository,
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
      await this.contacts.insertContact(manager, contact, phones);
      return this.toView({ contact, phones });
    });
  }

  /**
   * Names and numbers, decrypted for an officer or supervisor of the case's office, in the order
   * the child named them; each page read is audited.
   */
  public async list(caller: Caller, caseId: string, query: PageQuery): Promise<ContactPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // A malformed cursor is refused (400) before anything is read or audited as allowed.
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    return this.access.read(caller, 'contact.read', caseId, async (manager) => {
      const found = await this.contacts.findContactsWithPhones(manager, caseId, { after, limit });
      return this.page(found, limit);
    });
  }

  /** One contact, decrypted; audited like the list. Another case's contact is answered as missing. */
  public async get(caller: Caller, caseId: string, contactId: string): Promise<ContactView> {
    return this.access.read(caller, 'contact.read', caseId, async (manager) => {
      const found = await this.contacts.findContactWithPhones(manager, caseId, contactId);
      if (!found) throw new ResourceNotFoundError('contact');
      return this.toView(found);
    });
  }

  /** Exact match on a number through its keyed hash, in the caller's offices only, newest first; each hit audited. */
  public async searchByPhone(caller: Caller, query: PhoneSearchQuery): Promise<ContactPage> {
    const hashed = this.crypto.phoneHash(query.phone);
    if (!hashed) {
      const error = new InvalidInputError([
        { field: 'phone', rule: 'isPhoneNumber', message: 'must be a full international number (7 to 15 digits)' },
      ]);
      await this.access.recordRefusal(caller, 'contact.search', error);
      throw error;
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const offices = this.access.officesOf(caller.principal);
    const matches = offices.length === 0 ? [] : await this.contacts.findByPhoneHash(this.dataSource.manager, hashed.hash, offices, { after, limit });
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
    return this.page(matches, limit);
  }

  /** A full page has a next one (perhaps empty); the cursor is where this one ended. */
  private page(found: ContactWithPhones[], limit: number): ContactPage {
    const last = found.at(-1)?.contact;
    return {
      items: found.map((item) => this.toView(item)),
      nextCursor: last && found.length === limit ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }

  private toView({ contact, phones }: ContactWithPhones): ContactView {
    const id = contact.id;
    return {
      contactId: id,
      caseId: contact.caseId,
      relationship: contact.relationship as Relationship,
      givenNames: this.crypto.open('family_contact.given_names', id, contact.givenNamesEnc),
      familyNames: this.crypto.open('family_contact.family_names', id, contact.familyNamesEnc),
      phoneNumbers: phones.map((phone) => ({
        phoneId: phone.id,
        number: this.crypto.open('contact_phone.number', phone.id, phone.numberEnc),
      })),
      country: contact.country,
      place: this.crypto.openOptional('family_contact.place', id, contact.placeEnc),
      howKnown: this.crypto.openOptional('family_contact.how_known', id, contact.howKnownEnc),
      wantsContact: contact.wantsContact as ContactWish,
      status: contact.status as ContactStatus,
      locatedAt: contact.locatedAt ? contact.locatedAt.toISOString() : null,
      locatedVia: contact.locatedVia as ContactView['locatedVia'],
      createdAt: contact.createdAt.toISOString(),
    };
  }
}
