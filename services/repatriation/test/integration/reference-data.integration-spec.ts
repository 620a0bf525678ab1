import 'reflect-metadata';

import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';

import { RepatriationTestBed, startRepatriation } from './repatriation-harness';

interface AuditRow {
  action: string;
  outcome: string;
  actor_subject: string;
  actor_roles: string[];
  office_code: string | null;
  reason: string | null;
  request_id: string | null;
  source_ip: string | null;
}

/**
 * Issue 19, least privilege: receiving countries are national reference data (an arrangement
 * governs returns from every office), kept only by a national-admin; a repatriation point belongs
 * to one office, kept by that office's office-admin or a national-admin. Every change is audited
 * with the request id and the source address.
 */
describe('repatriation reference data: who may change it', () => {
  let bed: RepatriationTestBed;

  beforeAll(async () => {
    bed = await startRepatriation('reference-data');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const honduras = {
    timeZone: 'America/Tegucigalpa',
    weekdays: [1, 2, 3, 4],
    opensAt: '09:00',
    closesAt: '14:00',
    noticeHours: 96,
    exitPoints: [{ code: 'MX-CMX-AICM', name: 'AICM' }],
    authorities: [{ code: 'HN-DINAF', institution: 'DINAF' }],
  };
  const tijuana = { name: 'Tijuana (El Chaparral)', officeCode: 'BCN', timeZone: 'America/Tijuana', weekdays: [1, 2, 3, 4, 5], opensAt: '07:00', closesAt: '19:00' };
  const put = async (path: string, body: unknown, token: string, requestId?: string) =>
    bed.service.request('PUT', path, { token, body, headers: requestId ? { 'x-request-id': requestId } : {} });
  const audit = async (action: string): Promise<AuditRow[]> =>
    bed.service.dataSource.query(
      `SELECT action, outcome, actor_subject, actor_roles, office_code, reason, request_id, source_ip FROM audit_log WHERE action = $1 ORDER BY occurred_at, id`,
      [action],
    );
  const snapshot = async () => [
    await bed.service.dataSource.query(`SELECT * FROM receiving_country ORDER BY country`),
    await bed.service.dataSource.query(`SELECT * FROM repatriation_point ORDER BY code`),
  ];

  it('refuses a receiving country’s arrangement to every role but national-admin, which changes it audited', async () => {
    const before = await snapshot();
    // An office-admin of every office, and the nationwide reader, are still not national administrators.
    const others: Array<[Role[], OfficeCode[]]> = [
      [['office-admin'], ['BCN']],
      [['office-admin', 'supervisor', 'officer'], ['CHP', 'TAB', 'BCN', 'CMX']],
      [['national'], []],
      [['officer'], ['CHP']],
      [['supervisor'], ['CHP']],
      [['auditor'], []],
      [['integration'], ['CHP']],
    ];
    for (const [roles, offices] of others) {
      const refused = await put('/v1/receiving-countries/HN', honduras, await bed.service.token(roles, offices));
      expect({ roles, status: refused.status }).toEqual({ roles, status: 403 });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 403, code: 'ROLE_MISSING' });
    }
    expect(await snapshot()).toEqual(before);
    expect(await audit('receiving-country.replace')).toEqual([]);

    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
    const changed = await put('/v1/receiving-countries/HN', honduras, nationalAdmin, 'req-country-hn-1');
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ country: 'HN', noticeHours: 96, weekdays: [1, 2, 3, 4] });
    expect(changed.headers.get('x-request-id')).toBe('req-country-hn-1');
    // A national-admin reads the tables it keeps.
    const countries = await bed.service.request('GET', '/v1/receiving-countries', { token: nationalAdmin });
    expect(countries.body.items.find((country: { country: string }) => country.country === 'HN')).toMatchObject({ noticeHours: 96 });
    expect(await audit('receiving-country.replace')).toEqual([
      {
        action: 'receiving-country.replace',
        outcome: 'allowed',
        actor_subject: 'natadmin-0001',
        actor_roles: ['national-admin'],
        office_code: null,
        reason: null,
        request_id: 'req-country-hn-1',
        source_ip: '127.0.0.1',
      },
    ]);

    // A rule refusing a national-admin's change is audited too, with its request id.
    const bad = await put('/v1/receiving-countries/HN', { ...honduras, closesAt: '08:00' }, nationalAdmin, 'req-country-hn-2');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'closesAt', rule: 'afterOpensAt' })]);
    expect((await audit('receiving-country.replace')).slice(1)).toEqual([
      expect.objectContaining({ outcome: 'refused', reason: 'VALIDATION_FAILED', request_id: 'req-country-hn-2', source_ip: '127.0.0.1' }),
    ]);
  });

  it('lets an office-admin keep only its own office’s points; a national-admin keeps any', async () => {
    const before = await snapshot();
    const bajaCalifornia = await bed.service.token(['office-admin'], ['BCN'], 'adm-bcn-0001');
    const tamaulipas = await bed.service.token(['office-admin'], ['TAM'], 'adm-tam-0001');

    // Another office's existing point: refused naming the point's code.
    const otherPoint = await put('/v1/repatriation-points/MX-BCN-TIJUANA', tijuana, tamaulipas, 'req-point-1');
    expect(otherPoint.status).toBe(403);
    expect(otherPoint.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(otherPoint.body).toMatchObject({ status: 403, code: 'OFFICE_NOT_ALLOWED', errors: [{ field: 'code', rule: 'officeScope' }] });
    // Even saying it is the caller's office: a point is not taken over by re-registering it.
    const takeOver = await put('/v1/repatriation-points/MX-BCN-TIJUANA', { ...tijuana, officeCode: 'TAM' }, tamaulipas);
    expect(takeOver.body).toMatchObject({ status: 403, errors: [{ field: 'code', rule: 'officeScope' }] });
    // Its own point moved into another office, or a new point registered for another office.
    const moveAway = await put('/v1/repatriation-points/MX-TAM-REYNOSA', { ...tijuana, name: 'Reynosa', officeCode: 'BCN' }, tamaulipas);
    expect(moveAway.body).toMatchObject({ status: 403, errors: [{ field: 'officeCode', rule: 'officeScope' }] });
    const newElsewhere = await put('/v1/repatriation-points/MX-BCN-TECATE', { ...tijuana, name: 'Tecate' }, tamaulipas);
    expect(newElsewhere.body).toMatchObject({ status: 403, errors: [{ field: 'officeCode', rule: 'officeScope' }] });
    // `national` reads every office's cases but keeps no office's points.
    for (const roles of [['national'], ['officer'], ['supervisor'], ['auditor'], ['integration']] as Role[][]) {
      expect((await put('/v1/repatriation-points/MX-BCN-TIJUANA', tijuana, await bed.service.token(roles, ['BCN']))).status).toBe(403);
    }
    // An office-admin beside `national` still administers only its own offices.
    const both = await bed.service.token(['office-admin', 'national'], ['TAM']);
    expect((await put('/v1/repatriation-points/MX-BCN-TIJUANA', tijuana, both)).body).toMatchObject({ status: 403, errors: [{ field: 'code' }] });
    expect(await snapshot()).toEqual(before);
    expect((await audit('repatriation-point.upsert')).map((row) => [row.outcome, row.actor_subject, row.reason])).toEqual([
      ['refused', 'adm-tam-0001', 'OFFICE_NOT_ALLOWED'],
      ['refused', 'adm-tam-0001', 'OFFICE_NOT_ALLOWED'],
      ['refused', 'adm-tam-0001', 'OFFICE_NOT_ALLOWED'],
      ['refused', 'adm-tam-0001', 'OFFICE_NOT_ALLOWED'],
      ['refused', 'officer-TAM', 'OFFICE_NOT_ALLOWED'],
    ]);
    expect((await audit('repatriation-point.upsert'))[0]).toMatchObject({ request_id: 'req-point-1', source_ip: '127.0.0.1' });

    // Its own office's point, and a new one there.
    const own = await put('/v1/repatriation-points/MX-BCN-TIJUANA', { ...tijuana, opensAt: '06:00' }, bajaCalifornia, 'req-point-2');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ code: 'MX-BCN-TIJUANA', officeCode: 'BCN', opensAt: '06:00' });
    // A new point is registered: 201, where it is read.
    const tecate = await put('/v1/repatriation-points/MX-BCN-TECATE', { ...tijuana, name: 'Tecate' }, bajaCalifornia);
    expect(tecate.status).toBe(201);
    expect(tecate.headers.get('location')).toBe('/v1/repatriation-points/MX-BCN-TECATE');

    // A national-admin any office's point, including moving one between offices.
    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0002');
    const moved = await put('/v1/repatriation-points/MX-BCN-TECATE', { ...tijuana, name: 'Tecate', officeCode: 'SON' }, nationalAdmin, 'req-point-3');
    expect(moved.body).toMatchObject({ code: 'MX-BCN-TECATE', officeCode: 'SON' });
    // Now SON's: Baja California's office-admin no longer keeps it.
    expect((await put('/v1/repatriation-points/MX-BCN-TECATE', { ...tijuana, name: 'Tecate' }, bajaCalifornia)).body).toMatchObject({
      status: 403,
      errors: [{ field: 'code', rule: 'officeScope' }],
    });

    const allowed = (await audit('repatriation-point.upsert')).filter((row) => row.outcome === 'allowed');
    expect(allowed).toEqual([
      expect.objectContaining({ actor_subject: 'adm-bcn-0001', office_code: 'BCN', request_id: 'req-point-2', source_ip: '127.0.0.1' }),
      expect.objectContaining({ actor_subject: 'adm-bcn-0001', office_code: 'BCN' }),
      expect.objectContaining({ actor_subject: 'natadmin-0002', actor_roles: ['national-admin'], office_code: 'SON', request_id: 'req-point-3' }),
    ]);
    expect(allowed.every((row) => row.request_id && row.source_ip)).toBe(true);
  });
});
