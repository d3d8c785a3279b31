import type { DocumentMeta } from '../documents/case-document.view';
import type { Minutes, PublicLine } from './minutes.entity';

export type MinutesVariant = 'draft' | 'confirmed' | 'public';

export interface MinutesDocumentLine {
  kind: string;
  speakerRole: string | null;
  text: string;
}

export interface MinutesDocumentView {
  title: string;
  meta: DocumentMeta;
  variant: MinutesVariant;
  lines: MinutesDocumentLine[];
}

/**
 * The printable minutes: the draft (watermarked 案, internal), the confirmed internal version, or
 * the public version (only the redacted public lines). Rendered with `templates/documents/minutes.hbs`
 * through `DocumentTemplates.document('minutes', …)`.
 */
export function buildMinutesDocument(
  minutes: Pick<Minutes, 'state' | 'lines' | 'publicLines'>,
  variant: MinutesVariant,
  councilName: string,
): MinutesDocumentView {
  const source: MinutesDocumentLine[] =
    variant === 'public'
      ? (minutes.publicLines ?? ([] as PublicLine[]))
      : minutes.lines.map((l) => ({ kind: l.kind, speakerRole: l.speakerRole, text: l.text }));
  const heading = source.find((l) => l.kind === 'heading')?.text ?? '会議録';
  return {
    title: variant === 'draft' ? `${heading}（案）` : heading,
    meta: {
      confidentialityLevel: variant === 'public' ? 1 : 2,
      draftMark: variant === 'draft' ? '案' : null,
      councilName,
    },
    variant,
    lines: source,
  };
}
