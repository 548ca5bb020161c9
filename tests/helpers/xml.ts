// Parses an XML answer with a real parser, after checking it is well-formed.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as assert from 'uvu/assert';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false });

export function parseXml(text: string): any {
  const valid = XMLValidator.validate(text);
  assert.ok(valid === true, `not well-formed XML: ${JSON.stringify(valid)}\n${text}`);
  return parser.parse(text);
}

/** Always an array, whether the parser saw one element or several. */
export const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** name → value of <param>/<variable> elements. */
export const byName = (items: unknown): Record<string, string> =>
  Object.fromEntries(list(items as { '@name': string; '@value': string }[]).map((p) => [p['@name'], p['@value']]));
