import { DOMParser } from '@xmldom/xmldom';

/** Parses XML and expects no well-formedness error or warning (what a strict reader would refuse). */
export function parseStrictXml(text: string, mimeType: 'application/xml' | 'image/svg+xml') {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: (msg: string) => errors.push(msg),
      error: (msg: string) => errors.push(msg),
      fatalError: (msg: string) => errors.push(msg),
    },
  }).parseFromString(text, mimeType);
  expect(errors).toEqual([]);
  return doc;
}
