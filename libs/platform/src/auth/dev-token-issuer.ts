/** The issuer of tokens signed with the local dev key; production refuses it. */
export const DEV_TOKEN_ISSUER = 'opis-dev-only';
