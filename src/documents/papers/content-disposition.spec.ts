import { attachmentDisposition, rfc5987, safeDownloadName } from './content-disposition';

describe('download file names', () => {
  it('keeps Japanese and drops path separators and control characters', () => {
    expect(safeDownloadName('諮問事案書_../../etc/passwd\r\n')).toBe('諮問事案書_.._.._etc_passwd.pdf');
    expect(safeDownloadName('a\u0000b\tc')).toBe('abc.pdf');
    expect(safeDownloadName('...')).toBe('document.pdf');
  });

  it('caps the length without splitting a character', () => {
    const name = safeDownloadName('諮'.repeat(300));
    expect([...name]).toHaveLength(80 + '.pdf'.length);
  });

  it('encodes the name per RFC 5987 with an ASCII fallback', () => {
    expect(rfc5987("諮問(1)'*")).toBe('%E8%AB%AE%E5%95%8F%281%29%27%2A');
    expect(attachmentDisposition('case.pdf', '諮問事案書_屋上.pdf')).toBe(
      `attachment; filename="case.pdf"; filename*=UTF-8''${encodeURIComponent('諮問事案書_屋上.pdf')}`,
    );
  });
});
