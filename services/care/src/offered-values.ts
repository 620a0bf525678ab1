import { JSONSchema } from 'class-validator-jsonschema';

import { CARE_NEEDS, PLACEMENT_SETTINGS } from '@opis/contracts-care';

/**
 * Documents only the values a request can succeed with, where validation lets through values a
 * domain rule always refuses: a detention facility (LM-08) or an area shared with unrelated adults
 * (GD-07). Those still reach their rule rather than a 400 from validation, because the rule's
 * refusal is what names the rule and, for a placement, what audits the attempt and raises the
 * alert others must see (LM-08 RPT). A client generated from the document never offers them.
 */
export function OffersOnly(values: readonly string[]): PropertyDecorator {
  const document = JSONSchema((schema) =>
    schema.type === 'array' ? { ...schema, items: { ...(schema.items as object), enum: [...values] } } : { ...schema, enum: [...values] },
  );
  return (target, property) => document(target, String(property));
}

/** The areas a child may be housed in or a facility registered with: never one shared with unrelated adults (GD-07). */
export const CHILD_SETTINGS = PLACEMENT_SETTINGS.filter((setting) => setting !== 'MIXED_ADULT_AREA');

/** The needs met by a delivery: HEALTH is met by a health screening, REST by a placement. */
export const DELIVERED_NEEDS = CARE_NEEDS.filter((need) => need !== 'HEALTH' && need !== 'REST');
