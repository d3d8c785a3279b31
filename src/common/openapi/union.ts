import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** A discriminated union in the OpenAPI document: one model per value of `property`. */
export function unionSchema(property: string, models: Record<string, Type<unknown>>) {
  return {
    oneOf: Object.values(models).map((m) => ({ $ref: getSchemaPath(m) })),
    discriminator: {
      propertyName: property,
      mapping: Object.fromEntries(Object.entries(models).map(([value, m]) => [value, getSchemaPath(m)])),
    },
  };
}

/**
 * An array property whose items are a discriminated union (e.g. a case's sections by `kind`). The
 * class that has it must name the models in `@ApiExtraModels(...)` so that their schemas exist.
 */
export function ApiUnionArray(
  property: string,
  models: Record<string, Type<unknown>>,
  options: { required: boolean; description?: string },
) {
  const Property = options.required ? ApiProperty : ApiPropertyOptional;
  return Property({ type: 'array', items: unionSchema(property, models), description: options.description });
}
