import { aggregateEventsFilter, eventSubject, eventType, requestPattern, streamName, streamSubjects, subjectOfEventType } from './subject';
import { uuidv7 } from './uuid-v7';

describe('subjects', () => {
  const registered = { service: 'intake', aggregate: 'case', event: 'registered', version: 1 } as const;

  it('puts the office last and the version before it', () => {
    expect(eventSubject(registered, 'TAB')).toBe('opis.intake.case.registered.v1.TAB');
    expect(eventType(registered)).toBe('intake.case.registered');
  });

  it('gives long service names a short event type, and keeps the service in the subject', () => {
    const logged = { service: 'family-contact', aggregate: 'call', event: 'logged', version: 1 } as const;
    expect(eventType(logged)).toBe('family.call.logged');
    expect(eventSubject(logged, 'CHP')).toBe('opis.family-contact.call.logged.v1.CHP');
    expect(eventType({ service: 'legal-status', aggregate: 'lock', event: 'changed', version: 1 })).toBe('legal.lock.changed');
    expect(subjectOfEventType('family.call.logged', 2, 'TAB')).toBe('opis.family-contact.call.logged.v2.TAB');
    expect(() => subjectOfEventType('family-contact.call.logged', 1, 'TAB')).toThrow(/invalid event type/);
  });

  it('keeps request/reply patterns out of the event stream', () => {
    const [filter] = streamSubjects('family-contact');
    const tokens = filter.split('.');
    expect(tokens).toHaveLength(6);
    expect(requestPattern('family-contact', 'identity').split('.')).toHaveLength(4);
    expect(streamName('family-contact')).toBe('OPIS_FAMILY_CONTACT');
  });

  it('filters every event of one aggregate with a filter inside the stream’s subjects', () => {
    expect(aggregateEventsFilter('intake', 'case')).toBe('opis.intake.case.*.*.*');
    expect(aggregateEventsFilter('intake', 'case').split('.')).toHaveLength(streamSubjects('intake')[0].split('.').length);
  });

  it('refuses tokens that would break a subject', () => {
    expect(() => eventSubject({ ...registered, event: 're.gistered' }, 'CHP')).toThrow();
    expect(() => eventSubject({ ...registered, version: 0 }, 'CHP')).toThrow();
  });
});

describe('uuidv7', () => {
  it('is a version 7 RFC 9562 id that sorts by creation, even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => uuidv7(1_764_460_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
