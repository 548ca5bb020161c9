// The signed-in user's own SIP credentials, from My Account's route (the
// server gives a SIP password to its owner only).
import type { Account, AccountExtension } from '../../../common/account.ts';
import { getJson } from '../api.ts';
import type { SoftphoneAccount } from './account.ts';
import type { SipSettings } from './settings.ts';

export const settingsOf = (a: SoftphoneAccount | AccountExtension): SipSettings => ({
  extension: a.sipUsername,
  password: a.sipPassword,
  domain: a.domain,
  wsServer: a.wssUrl,
});

/** The settings for `extension` (or the user's first extension); null if the user has none such. Throws ApiFailure. */
export async function ownSettings(extension?: string): Promise<SipSettings | null> {
  const account = await getJson<Account>('/api/account');
  const ext = extension ? account.extensions.find((e) => e.number === extension) : account.extensions[0];
  return ext ? settingsOf(ext) : null;
}
