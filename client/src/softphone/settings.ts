// The Settings tab's values: checked here, kept in localStorage per user —
// all but the SIP password, which stays in memory (or comes from the server
// again, for the user's own extension, after a reload).
export interface SipSettings {
  extension: string;
  password: string;
  domain: string;
  wsServer: string;
}

export type StoredSettings = Omit<SipSettings, 'password'>;
export type SettingsErrors = Partial<Record<keyof SipSettings, string>>;

const key = (userId: string) => `switchboard.softphone.${userId}`;

export function validateSettings(s: SipSettings): SettingsErrors {
  const errors: SettingsErrors = {};
  if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(s.extension.trim())) errors.extension = 'Enter the extension, like 1001.';
  if (!s.password) errors.password = 'Enter the SIP password.';
  if (!/^[A-Za-z0-9.-]+$/.test(s.domain.trim())) errors.domain = 'Enter the SIP domain, like acme.pbx.example.';
  let url: URL | null = null;
  try {
    url = new URL(s.wsServer.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:')) errors.wsServer = 'Enter a WebSocket address, like wss://pbx.example:7443.';
  return errors;
}

export const tidy = (s: SipSettings): SipSettings => ({
  extension: s.extension.trim(),
  password: s.password,
  domain: s.domain.trim().toLowerCase(),
  wsServer: s.wsServer.trim(),
});

export function loadStored(userId: string): StoredSettings | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as Partial<StoredSettings> | null;
    if (!value || typeof value.extension !== 'string' || typeof value.domain !== 'string' || typeof value.wsServer !== 'string') return null;
    return { extension: value.extension, domain: value.domain, wsServer: value.wsServer };
  } catch {
    return null;
  }
}

export function store(userId: string, s: SipSettings): void {
  const { password: _never, ...rest } = s;
  try {
    localStorage.setItem(key(userId), JSON.stringify(rest satisfies StoredSettings));
  } catch {
    // Private mode or full storage: the settings just do not outlive the tab.
  }
}
