// A device's contact in one form, whichever way FreeSWITCH reports it.
// sofia::register/unregister/expire carry the Contact header as sofia stored
// it (`"" <sip:1001@127.0.0.1:5062;transport=UDP>`, display name and all);
// `show registrations` carries the dial string sofia built from it
// (`sofia/internal/sip:1001@127.0.0.1:5062;transport=UDP`). Both become the
// URI between the angle brackets, which is what sofia compares when
// multiple-registrations=contact replaces a device.

/** sofia_glue_get_url_from_contact: skip a quoted display name, take what is inside <…>. */
export function contactUri(header: string): string {
  let rest = header.trimStart();
  if (rest.startsWith('"')) {
    const close = rest.indexOf('"', 1);
    if (close !== -1) rest = rest.slice(close + 1);
  }
  const open = rest.indexOf('<');
  const close = open === -1 ? -1 : rest.indexOf('>', open);
  return (close === -1 ? rest : rest.slice(open + 1, close)).trim();
}

/** `sofia/<profile>/<uri>` (switch_core_add_registration's url) → the URI. */
export const contactFromDialString = (url: string): string => url.replace(/^sofia\/[^/]+\//, '');
