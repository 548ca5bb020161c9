// Which SIP account the softphone panel uses, chosen on My Account with
// "Use in softphone". Kept in memory only (never in storage: it holds a SIP
// password) and forgotten when the session ends.
import { createSignal } from 'solid-js';
import type { AccountExtension } from '../../../common/account.ts';
import { onSessionEnd } from '../session.ts';

export type SoftphoneAccount = Pick<AccountExtension, 'sipUsername' | 'sipPassword' | 'domain' | 'wssUrl'>;

const [account, setAccount] = createSignal<SoftphoneAccount | null>(null);
/** Bumped on every "Use in softphone"; the shell opens the panel when it changes. */
const [openRequests, setOpenRequests] = createSignal(0);

export const softphoneAccount = account;
export const softphoneOpenRequests = openRequests;

export function useInSoftphone(a: SoftphoneAccount): void {
  setAccount({ sipUsername: a.sipUsername, sipPassword: a.sipPassword, domain: a.domain, wssUrl: a.wssUrl });
  setOpenRequests((n) => n + 1);
}

onSessionEnd(() => setAccount(null));
