import { describeOpenApiFuzz, fuzzCallers } from '@opis/service-harness';

import { contactBody, startFamilyContact } from './family-harness';

describeOpenApiFuzz('family-contact', {
  start: () => startFamilyContact('fuzz'),
  service: (bed) => bed.service,
  plan: async (bed) => {
    const caseId = await bed.register();
    // Answered at once, so that requests that ask legal-status do not each wait for its timeout.
    bed.legalStatus.mode = 'clear';
    const tokens = await fuzzCallers(bed.service);
    const [officer] = tokens;
    const contact = await bed.service.request('POST', `/v1/cases/${caseId}/contacts`, { token: officer, body: contactBody() });
    expect(contact.status).toBe(201);
    return {
      tokens,
      pathValues: { caseId: [caseId], contactId: [contact.body.contactId] },
      queryParams: { '/v1/contacts': ['phone'] },
      bodies: {
        'POST /v1/cases/{caseId}/contacts': [contactBody()],
        'POST /v1/cases/{caseId}/calls': [
          {
            contactId: contact.body.contactId,
            phoneId: contact.body.phoneNumbers[0].phoneId,
            dialledBy: 'OFFICER',
            calledAt: new Date().toISOString(),
            durationSeconds: 120,
            outcome: 'REACHED',
          },
        ],
      },
    };
  },
});
