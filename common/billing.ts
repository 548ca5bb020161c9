// The Billing Quota page: this month's usage against the package.

export interface QuotaItem {
  used: number;
  limit: number;
}

export interface Quota {
  /** First instant of the month counted (ISO), in the server's time zone. */
  monthStart: string;
  /** Billed seconds of the tenant's calls this month, rounded up to whole minutes. */
  voiceMinutes: QuotaItem;
  /** Pages sent plus pages received this month, against one allowance. */
  faxPages: QuotaItem & { sent: number; received: number };
  extensions: QuotaItem;
  devices: QuotaItem;
  ringGroups: QuotaItem;
}

/** A card says it is near its limit from this share on. */
export const NEAR_LIMIT = 0.8;

export const nearLimit = (item: QuotaItem): boolean => item.limit > 0 && item.used >= item.limit * NEAR_LIMIT;
