// Where to go after signing in: the page first asked for, from ?next=.

/** Only a same-origin path is followed (never "//evil.example", "/\\x" or a sign-in loop). */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return '/';
  // Browsers drop tabs/newlines and read "\\" as "/" in URLs: "/\t/evil.example" would leave the site.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  if (/^\/sign-in(?:[/?#]|$)/.test(raw)) return '/';
  return raw;
}
