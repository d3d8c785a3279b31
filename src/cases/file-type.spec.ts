import { DOCX_CONTENT_TYPES, makeZip, XLSX_CONTENT_TYPES } from '../../test/support/zip';
import { extensionOf, sniffFileType } from './file-type';

describe('file type by content', () => {
  it('recognises PDF, PNG, JPEG, docx and xlsx', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'))).toMatchObject({
      ok: true,
      mediaType: 'application/pdf',
    });
    expect(sniffFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toMatchObject({
      mediaType: 'image/png',
    });
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ mediaType: 'image/jpeg' });
    expect(sniffFileType(makeZip({ '[Content_Types].xml': DOCX_CONTENT_TYPES }))).toMatchObject({
      extensions: ['docx'],
    });
    expect(sniffFileType(makeZip({ '[Content_Types].xml': XLSX_CONTENT_TYPES }))).toMatchObject({
      extensions: ['xlsx'],
    });
  });
  it('refuses executables and unknown content', () => {
    expect(sniffFileType(Buffer.from('MZ\x90\x00'))).toEqual({ ok: false, reason: 'executable' });
    expect(sniffFileType(Buffer.from('#!/bin/sh\nrm -rf /'))).toEqual({ ok: false, reason: 'executable' });
    expect(sniffFileType(makeZip({ 'a.txt': 'x' }))).toEqual({ ok: false, reason: 'unknown' });
    expect(sniffFileType(Buffer.from('PK\x03\x04garbage'))).toEqual({ ok: false, reason: 'unknown' });
    expect(sniffFileType(Buffer.alloc(0))).toEqual({ ok: false, reason: 'unknown' });
  });
  it('reads the extension', () => {
    expect(extensionOf('資料2.PDF')).toBe('pdf');
    expect(extensionOf('noext')).toBe('');
  });
});
