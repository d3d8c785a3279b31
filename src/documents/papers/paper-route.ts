import { applyDecorators, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAs } from '../../audit/audit.decorators';
import { SendsFile } from '../../common/openapi/file-route';
import { ApiGet, type Access } from '../../common/openapi/route';
import { DOCX_CONTENT_TYPE, type WordFile } from '../docx/word-papers.service';
import { attachmentDisposition } from './content-disposition';
import type { PaperFile } from './papers.service';

const FILE = { schema: { type: 'string', format: 'binary' } } as const;

/** Sends a paper as a download with its Japanese file name (RFC 5987) and no caching. */
function sendPaper(res: Response, file: PaperFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  if (file.skipped) res.setHeader('X-Packet-Unreadable-Files', String(file.skipped.length));
  return new StreamableFile(file.pdf, {
    type: 'application/pdf',
    length: file.pdf.length,
    disposition: attachmentDisposition(file.fallbackName, file.fileName),
  });
}

/** Sends a paper's editable Word copy, named like its PDF, with no caching. */
function sendWord(res: Response, file: WordFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(file.docx, {
    type: DOCX_CONTENT_TYPE,
    length: file.docx.length,
    disposition: attachmentDisposition(file.fallbackName, file.fileName),
  });
}

const PDF = {
  type: 'application/pdf',
  ok: { description: 'PDF', ...FILE },
  sends: SendsFile(sendPaper),
} as const;
const DOCX = {
  type: DOCX_CONTENT_TYPE,
  ok: { description: 'Word (.docx)', ...FILE },
  sends: SendsFile(sendWord),
} as const;

/**
 * A paper download: `GET path` (its name ends in .pdf or .docx), audited as a download, typed in
 * OpenAPI; the handler returns the `PaperFile` or `WordFile` and the route sends it.
 */
export function ApiPaper(path: string, summary: string, who: Access) {
  const format = path.endsWith('.docx') ? DOCX : PDF;
  return applyDecorators(
    ApiGet(path, summary, who, format.ok),
    AuditAs('download'),
    ApiProduces(format.type),
    format.sends,
  );
}
