// Prints a dev bearer token signed with <repo>/.dev-keys (AUTH_DEV_KEYS=true services accept it):
//   npm run token -- --roles officer,supervisor --offices CHP,TAB [--subject x] [--ttl 8h] [--audience opis]
import { parseArgs } from 'node:util';

import { isOfficeCode } from '@opis/contracts-envelope';
import { isRole, mintToken, ROLES, runTool } from '@opis/platform';

function list(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value ?? ''])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      roles: { type: 'string', multiple: true },
      offices: { type: 'string', multiple: true },
      subject: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '8h' },
      audience: { type: 'string' },
    },
  });
  const roles = list(values.roles);
  const offices = list(values.offices);
  const badRoles = roles.filter((role) => !isRole(role));
  const badOffices = offices.filter((office) => !isOfficeCode(office));
  if (roles.length === 0 || badRoles.length > 0 || badOffices.length > 0) {
    console.error(
      `usage: npm run token -- --roles <${ROLES.join('|')}>[,...] --offices CHP[,TAB] [--subject x] [--ttl 8h]` +
        (badRoles.length > 0 ? `\nunknown roles: ${badRoles.join(', ')}` : '') +
        (badOffices.length > 0 ? `\nunknown offices: ${badOffices.join(', ')}` : ''),
    );
    process.exit(2);
  }
  const token = await mintToken({
    roles: roles.filter(isRole),
    offices,
    subject: values.subject,
    ttl: values.ttl,
    audience: values.audience,
  });
  console.log(token);
}

runTool(main);
