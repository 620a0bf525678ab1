import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** Refuses `forbidden` as the value (or any value it says true of) when NODE_ENV is production. */
export function NotInProduction(forbidden: unknown, options?: ValidationOptions): PropertyDecorator {
  const refused = typeof forbidden === 'function' ? (forbidden as (value: unknown) => boolean) : (value: unknown) => value === forbidden;
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notInProduction',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || !refused(value),
        defaultMessage: (args: ValidationArguments) => `${args.property} has a value refused in production`,
      },
    });
  };
}
