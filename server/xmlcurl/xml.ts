// The few XML building blocks mod_xml_curl answers are made of. Every value
// goes through `attr`, so a caller ID name with a quote or an ampersand can
// never break the document FreeSWITCH parses.

export const attr = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `<tag name="…" value="…"/>` lines for params and variables. */
export const pairs = (tag: 'param' | 'variable', entries: [string, string][], indent: string): string =>
  entries.map(([name, value]) => `${indent}<${tag} name="${attr(name)}" value="${attr(value)}"/>`).join('\n');

export const document = (section: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<document type="freeswitch/xml">\n  <section name="${attr(section)}">\n${body}\n  </section>\n</document>\n`;

/**
 * FreeSWITCH's "result not found" document: mod_xml_curl then falls back to
 * the next binding or the static XML, and the lookup fails cleanly.
 */
export const NOT_FOUND = document('result', '    <result status="not found"/>');
