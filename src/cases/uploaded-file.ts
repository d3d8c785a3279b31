import { CaseErrors } from './cases.errors';
import { extensionOf, sniffFileType, type SniffedType } from './file-type';

/** Per-file limit. Multer stops reading past it, so an oversized upload is never held in memory. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface UploadedFileLike {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * The checks every stored upload passes (case attachments, report items' files): present, within
 * the limit, a known type by its bytes, and a name whose extension fits that type. Throws the
 * case feature's problem otherwise.
 */
export function checkUploadedFile(file: UploadedFileLike | undefined): {
  file: UploadedFileLike;
  type: Extract<SniffedType, { ok: true }>;
  fileName: string;
} {
  if (!file || file.size === 0) throw CaseErrors.attachmentMissing();
  if (file.size > ATTACHMENT_MAX_BYTES)
    throw CaseErrors.attachmentTooLarge(ATTACHMENT_MAX_BYTES / 1024 / 1024);
  const type = sniffFileType(file.buffer);
  if (!type.ok)
    throw type.reason === 'executable' ? CaseErrors.attachmentExecutable() : CaseErrors.attachmentType();
  const fileName = safeFileName(file.originalname);
  const ext = extensionOf(fileName);
  if (!type.extensions.includes(ext)) throw CaseErrors.attachmentNameMismatch(type.label, ext || '（なし）');
  return { file, type, fileName };
}

/** Multer hands the name over as latin1; keep the Japanese name and drop path parts and controls. */
export function safeFileName(raw: string): string {
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  const name = (decoded.includes('\uFFFD') ? raw : decoded)
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (name || 'file').slice(0, 200);
}
