import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { CommonErrors } from '../errors/app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot name an existing record: answer 404, as for an unknown one. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw CommonErrors.notFound();
    return value.toLowerCase();
  }
}

/** A route parameter that names a record by its UUID (`:id` unless told). */
export const IdParam = (name = 'id') => Param(name, IdPipe);
