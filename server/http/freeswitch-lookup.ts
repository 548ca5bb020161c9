// The form fields of a mod_xml_curl lookup. mod_xml_curl always names the
// section it asks for, so a body without one (or that is no form at all) is
// not a lookup: 400, where "not found" would tell its sender nothing is wrong.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { holdsNul, NUL_REFUSED } from './body.ts';

export type LookupFields = Record<string, string>;

export async function lookupFields(c: Context): Promise<LookupFields> {
  const body = await c.req.parseBody().catch(() => {
    throw new HTTPException(400, { message: 'Not a mod_xml_curl lookup: the body is not a form.' });
  });
  const fields: LookupFields = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  if (!fields.section) throw new HTTPException(400, { message: 'Not a mod_xml_curl lookup: no section.' });
  if (holdsNul(fields)) throw new HTTPException(400, { message: NUL_REFUSED });
  return fields;
}
