// An admin action's input checked against its shared schema (common/admin.ts):
// the first problem becomes a 400 in words a person can act on.
import type { z } from 'zod';
import { AdminError } from './context.ts';

export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.');
  // zod's own wording for a missing field does not say which one.
  if (issue.code === 'invalid_type') return field ? `${field} is missing or not a ${issue.expected}.` : 'The request has the wrong shape.';
  if (issue.code === 'unrecognized_keys') return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  return issue.message;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminError(400, describeIssue(parsed.error.issues[0]!));
  return parsed.data;
}
