// The forms check what they send with the schemas the server checks it with
// (common/admin.ts), so a mistake is named before the round trip and in the
// same words. The server stays the judge: its answer is shown as well.
import type { z } from 'zod';

/**
 * The first problem with `value`, in words for the person filling the form,
 * or null. `labels` names the fields whose rules have no words of their own
 * (zod's defaults, "Too small: expected number to be >=0", name no field).
 */
export function problem(schema: z.ZodType, value: unknown, labels: Record<string, string> = {}): string | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const label = labels[issue.path.join('.')] ?? labels[String(issue.path[issue.path.length - 1])];
  // A number field left empty or with letters in it comes as NaN.
  if (issue.code === 'invalid_type') return label ? `${label}: enter a whole number.` : 'Fill in every field.';
  if (label && issue.code === 'too_small' && issue.message.startsWith('Too small')) return `${label} must be at least ${String(issue.minimum)}.`;
  if (label && issue.code === 'too_big' && issue.message.startsWith('Too big')) return `${label} may be at most ${String(issue.maximum)}.`;
  return issue.message;
}

/** A whole number typed in a field, or NaN (which the schemas refuse). */
export const wholeNumber = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);
