import { lines, str, type FormBody } from '../../views/form';
import {
  EXCLUSION_LABELS,
  EXCLUSIONS,
  FILE_TYPE_LABELS,
  FILE_TYPES,
  type RegisterFields,
} from '../register-fields';

/** The entry form's fields as the DTO reads them (record items: one per line). */
export function fieldsFromForm(body: FormBody): Record<string, unknown> {
  return {
    name: str(body.name),
    purpose: str(body.purpose),
    recordItems: lines(body.recordItems),
    recordScope: str(body.recordScope),
    collectionMethod: str(body.collectionMethod),
    sensitive: str(body.sensitive) === 'on',
    regularRecipients: str(body.regularRecipients),
    requestOffice: str(body.requestOffice),
    specialProcedures: str(body.specialProcedures),
    fileType: str(body.fileType),
    exclusion: str(body.exclusion) || null,
    exclusionNote: str(body.exclusionNote),
  };
}

/** What the form shows: the values (record items as lines) and the choices. */
export function formModel(values: Partial<RegisterFields> | Record<string, unknown>) {
  const v = values as Partial<RegisterFields>;
  return {
    values: { ...v, recordItemsText: (v.recordItems ?? []).join('\n') },
    fileTypes: FILE_TYPES.map((value) => ({ value, label: FILE_TYPE_LABELS[value] })),
    exclusions: EXCLUSIONS.map((value) => ({ value, label: EXCLUSION_LABELS[value] })),
  };
}
