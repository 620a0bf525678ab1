import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** Refuses `forbidden` as the value when NODE_ENV is production. */
export function NotInProduction(forbidden: unknown, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notInProduction',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || value !== forbidden,
        defaultMessage: (args: ValidationArguments) => `${args.property} has a value refused in production`,
      },
    });
  };
}
