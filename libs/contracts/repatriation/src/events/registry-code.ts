/** Registry codes (exit points, authorities, repatriation points): upper case, digits and dashes. */
export const REGISTRY_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
