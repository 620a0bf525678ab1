import { flattenValidationErrors } from '@opis/contracts-envelope';
import { ValidationPipe } from '@nestjs/common';

import { InvalidInputError } from './domain-error';

/** Unknown fields refused, payloads turned into DTO instances, every violation reported by path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(flattenValidationErrors(errors)),
  });
}
