import { EventConsumerOptions, EventHandler } from './event-consumer-options';
import { consumersForOffices, consumersForShare, officeDurable, officeFilterSubject, provisionedConsumers } from './office-consumers';
import { ConsumerSpec } from './provision';

const careIntakeCase: ConsumerSpec = { stream: 'OPIS_INTAKE', durable: 'care-intake-case', filterSubject: 'opis.intake.case.*.*.*', ackWaitMs: 30_000 };
const legalLock: ConsumerSpec = { stream: 'OPIS_LEGAL_STATUS', durable: 'x-legal', filterSubject: 'opis.legal-status.*.*.*.*', ackWaitMs: 30_000 };

function optionsWith(handler: EventHandler): EventConsumerOptions {
  return { stream: careIntakeCase.stream, durable: careIntakeCase.durable, filterSubject: careIntakeCase.filterSubject, contracts: [], handler };
}

describe('consumers per office', () => {
  it('names one durable per office and filters on the office, the subject\'s last token', () => {
    expect(officeDurable('care-intake-case', 'CHP')).toBe('care-intake-case-chp');
    expect(officeFilterSubject('opis.intake.case.*.*.*', 'TAB')).toBe('opis.intake.case.*.*.TAB');
    expect(consumersForOffices([careIntakeCase, legalLock], ['CHP', 'TAB', 'CHP'])).toEqual([
      { ...careIntakeCase, durable: 'care-intake-case-chp', filterSubject: 'opis.intake.case.*.*.CHP' },
      { ...careIntakeCase, durable: 'care-intake-case-tab', filterSubject: 'opis.intake.case.*.*.TAB' },
      { ...legalLock, durable: 'x-legal-chp', filterSubject: 'opis.legal-status.*.*.*.CHP' },
      { ...legalLock, durable: 'x-legal-tab', filterSubject: 'opis.legal-status.*.*.*.TAB' },
    ]);
  });

  it('refuses a filter that is not open on the office', () => {
    expect(() => officeFilterSubject('opis.intake.case.registered.v1.CHP', 'TAB')).toThrow(/cannot be split by office/);
    expect(() => officeFilterSubject('opis.intake.>', 'TAB')).toThrow(/cannot be split by office/);
  });

  it('provisions exactly the service\'s durables without dedicated offices, and one more per dedicated office', () => {
    expect(provisionedConsumers([careIntakeCase])).toEqual([careIntakeCase]);
    expect(provisionedConsumers([careIntakeCase], ['CHP', 'TAB']).map((spec) => [spec.durable, spec.filterSubject])).toEqual([
      ['care-intake-case', 'opis.intake.case.*.*.*'],
      ['care-intake-case-chp', 'opis.intake.case.*.*.CHP'],
      ['care-intake-case-tab', 'opis.intake.case.*.*.TAB'],
    ]);
  });

  it('starts what provisioning created: per office with OFFICES, the service\'s own durable otherwise', () => {
    const handler: EventHandler = async () => undefined;
    const options = optionsWith(handler);
    expect(consumersForShare(options)).toEqual([{ ...options, group: 'care-intake-case' }]);
    expect(consumersForShare(options, { offices: [] })).toEqual([{ ...options, group: 'care-intake-case' }]);
    const perOffice = consumersForShare(options, { offices: ['CHP', 'TAB'], dedicatedOffices: ['CHP', 'TAB'] });
    const provisioned = provisionedConsumers([careIntakeCase], ['CHP', 'TAB']).slice(1);
    expect(perOffice.map((spec) => [spec.durable, spec.filterSubject])).toEqual(provisioned.map((spec) => [spec.durable, spec.filterSubject]));
    expect(perOffice.every((spec) => spec.handler === handler)).toBe(true);
    // One group: the cursors say what the service applied, whichever durable delivered it.
    expect(perOffice.map((spec) => spec.group)).toEqual(['care-intake-case', 'care-intake-case']);
    const national = consumersForShare(options, { dedicatedOffices: ['CHP'] });
    expect(national.map((spec) => [spec.durable, spec.filterSubject])).toEqual([['care-intake-case', 'opis.intake.case.*.*.*']]);
  });

  it('leaves dedicated offices\' events to their instances on the instance without offices, without claiming them', () => {
    const [national] = consumersForShare(optionsWith(async () => undefined), { dedicatedOffices: ['CHP', 'TAB'] });
    expect(national?.leaveOffices).toEqual(['CHP', 'TAB']);
    expect(national?.group).toBe('care-intake-case');
  });
});
