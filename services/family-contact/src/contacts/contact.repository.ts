import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { KeysetPosition } from '@opis/platform';

import { ContactEntity, ContactPhoneEntity } from './contact.entity';

export interface ContactWithPhones {
  contact: ContactEntity;
  phones: ContactPhoneEntity[];
}

/** A page of contacts: at most `limit`, after the keyset position `after` (a cursor's). */
export interface ContactPage {
  after?: KeysetPosition;
  limit: number;
}

export interface PhoneMatch extends ContactWithPhones {
  officeCode: OfficeCode;
}

/** The relatives and other contacts named for a case, with their phone numbers. */
@Injectable()
export class ContactRepository {
  public async insertContact(manager: EntityManager, contact: ContactEntity, phones: ContactPhoneEntity[]): Promise<void> {
    await manager.insert(ContactEntity, contact);
    if (phones.length > 0) await manager.insert(ContactPhoneEntity, phones);
  }

  /** A page of a case's contacts in the order they were named, after `after` (a keyset position). */
  public async findContactsWithPhones(manager: EntityManager, caseId: string, page: ContactPage): Promise<ContactWithPhones[]> {
    const query = manager
      .createQueryBuilder(ContactEntity, 'c')
      .where('c.caseId = :caseId', { caseId })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(page.limit);
    if (page.after) query.andWhere('(c.createdAt, c.id) > (:at, :id)', { at: page.after.at, id: page.after.id });
    return this.withPhones(manager, await query.getMany());
  }

  public async findContactWithPhones(manager: EntityManager, caseId: string, contactId: string): Promise<ContactWithPhones | null> {
    const contact = await manager.findOne(ContactEntity, { where: { id: contactId, caseId } });
    return contact ? (await this.withPhones(manager, [contact]))[0] : null;
  }

  private async withPhones(manager: EntityManager, contacts: ContactEntity[]): Promise<ContactWithPhones[]> {
    if (contacts.length === 0) return [];
    const phones = await manager.find(ContactPhoneEntity, { where: { contactId: In(contacts.map((contact) => contact.id)) }, order: { position: 'ASC' } });
    return contacts.map((contact) => ({ contact, phones: phones.filter((phone) => phone.contactId === contact.id) }));
  }

  public async findContact(
    manager: EntityManager,
    caseId: string,
    contactId: string,
    options: { lock?: boolean } = {},
  ): Promise<ContactEntity | null> {
    return manager.findOne(ContactEntity, {
      where: { id: contactId, caseId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  public async findPhone(manager: EntityManager, contactId: string, phoneId: string): Promise<ContactPhoneEntity | null> {
    return manager.findOne(ContactPhoneEntity, { where: { id: phoneId, contactId } });
  }

  /** Contacts with this number (by keyed hash) in the given offices only, newest first, after `after`. */
  public async findByPhoneHash(manager: EntityManager, hash: string, offices: readonly OfficeCode[], page: ContactPage): Promise<PhoneMatch[]> {
    const rows: Array<{ contact_id: string; office_code: OfficeCode }> = await manager.query(
      `SELECT c.id AS contact_id, r.office_code
         FROM family_contact c
         JOIN family_record r ON r.case_id = c.case_id
        WHERE r.office_code = ANY($2::text[])
          AND EXISTS (SELECT 1 FROM contact_phone p WHERE p.contact_id = c.id AND p.number_hash = $1)
          AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT $3`,
      [hash, offices, page.limit, page.after?.at ?? null, page.after?.id ?? null],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.contact_id);
    const contacts = await manager.find(ContactEntity, { where: { id: In(ids) } });
    const phones = await manager.find(ContactPhoneEntity, { where: { contactId: In(ids) }, order: { position: 'ASC' } });
    return rows.map((row) => ({
      officeCode: row.office_code,
      contact: contacts.find((contact) => contact.id === row.contact_id) as ContactEntity,
      phones: phones.filter((phone) => phone.contactId === row.contact_id),
    }));
  }

  public async updateContact(manager: EntityManager, contactId: string, changes: Partial<ContactEntity>): Promise<void> {
    await manager.update(ContactEntity, { id: contactId }, { ...changes, updatedAt: new Date() });
  }

  public async countContactsWithStatus(manager: EntityManager, caseId: string, status: string): Promise<number> {
    return manager.count(ContactEntity, { where: { caseId, status } });
  }
}
