/** One publication in the council's Atom feed: minutes published, or a 答申 issued. */
export interface FeedEntry {
  id: string;
  title: string;
  updated: Date;
  url: string;
  summary: string;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const x = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/** An Atom 1.0 document (RFC 4287): newest first; the feed's `updated` is its newest entry's. */
export function atomFeed(feed: {
  id: string;
  title: string;
  selfUrl: string;
  siteUrl: string;
  author: string;
  entries: FeedEntry[];
}): string {
  const entries = [...feed.entries].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const updated = entries[0]?.updated ?? new Date(0);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `  <id>${x(feed.id)}</id>`,
    `  <title>${x(feed.title)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${x(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.siteUrl)}"/>`,
    ...entries.map((e) =>
      [
        '  <entry>',
        `    <id>${x(e.id)}</id>`,
        `    <title>${x(e.title)}</title>`,
        `    <updated>${e.updated.toISOString()}</updated>`,
        `    <link rel="alternate" type="text/html" href="${x(e.url)}"/>`,
        `    <summary>${x(e.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
