import { parseForm, str, type FormBody, type FormErrors } from '../../views/form';
import { NUMBERING_SCHEME_LABELS, NUMBERING_SCHEMES } from '../../workflow/numbering';
import type { CatalogueChoiceDto } from './council-setup.dto';
import { CreateCouncilDto } from './council-setup.dto';

/** The fields of the council form kept as typed when it is shown again (never the passwords). */
const FIELDS = [
  'municipality',
  'councilName',
  'implementingBody',
  'slug',
  'secretariat',
  'secretariatDivision',
  'numbering',
  'catalogue',
  'adminUsername',
  'adminDisplayName',
] as const;

export interface CouncilForm {
  /** What was typed, to show the form again. */
  values: Record<string, string>;
  dto: CreateCouncilDto;
  /** Field messages (the DTO's, and the password confirmation's), or null when the form is good. */
  errors: FormErrors | null;
}

/**
 * A submitted council form (the first-run setup page and the platform administrator's, one form):
 * validated with the API's DTO, blanks of optional fields left out, the password typed twice.
 */
export async function parseCouncilForm(body: FormBody): Promise<CouncilForm> {
  const values = Object.fromEntries(FIELDS.map((f) => [f, str(body[f])]));
  const { dto, errors } = await parseForm(CreateCouncilDto, {
    ...values,
    secretariatDivision: values.secretariatDivision || undefined,
    adminDisplayName: values.adminDisplayName || undefined,
    slug: values.slug || undefined,
    numbering: values.numbering || undefined,
    adminPassword: str(body.adminPassword),
  });
  if (errors) return { values, dto, errors };
  if (str(body.adminPassword) !== str(body.confirmPassword))
    return { values, dto, errors: { confirmPassword: ['確認用のパスワードが一致しません'] } };
  return { values, dto, errors: null };
}

/** The choices of the council form (catalogue and numbering radios), the typed one checked. */
export function councilFormChoices(catalogues: CatalogueChoiceDto[], values: Record<string, string>) {
  return {
    catalogues: catalogues.map((c) => ({ ...c, checked: c.code === values.catalogue })),
    numberings: NUMBERING_SCHEMES.map((n) => ({
      value: n,
      label: NUMBERING_SCHEME_LABELS[n],
      checked: n === (values.numbering || 'fiscalYear'),
    })),
  };
}
