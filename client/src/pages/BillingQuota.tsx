// Billing → Billing Quota: this month's usage against the package, one card
// each; a card at 80 % or more says so. Reloaded whenever the tenant's usage
// changes (a call recorded) or the live figures it counts move.
import { createEffect, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';
import { nearLimit, type Quota, type QuotaItem } from '../../../common/billing.ts';
import { ApiFailure, getJson } from '../api.ts';
import { formatCount } from '../format.ts';
import { live, onUsage, watchFigures } from '../live/store.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../billing/billing.css';

interface Card {
  key: string;
  label: string;
  unit: string;
  item: QuotaItem;
  detail?: string;
}

const cards = (q: Quota): Card[] => [
  { key: 'voice', label: 'Voice minutes', unit: 'minutes this month', item: q.voiceMinutes },
  {
    key: 'fax',
    label: 'Fax pages',
    unit: 'pages this month',
    item: q.faxPages,
    detail: `${formatCount(q.faxPages.sent)} sent, ${formatCount(q.faxPages.received)} received`,
  },
  { key: 'extensions', label: 'Extensions', unit: 'in your package', item: q.extensions },
  { key: 'devices', label: 'Devices', unit: 'registered now', item: q.devices },
  { key: 'ring-groups', label: 'Ring groups', unit: 'in your package', item: q.ringGroups },
];

const share = (item: QuotaItem) => (item.limit > 0 ? Math.min(100, Math.round((item.used / item.limit) * 100)) : 0);

export default function BillingQuota(): JSX.Element {
  const [quota, setQuota] = createSignal<Quota>();
  const [error, setError] = createSignal<string>();
  let loading = 0;
  const load = async () => {
    const ticket = ++loading;
    try {
      const q = await getJson<Quota>('/api/billing/quota');
      if (ticket === loading) (setQuota(q), setError(undefined));
    } catch (err) {
      if (ticket === loading) setError((err as ApiFailure).message);
    }
  };
  void load();
  onCleanup(onUsage(() => void load()));
  // Devices, extensions and fax counts are live figures: follow them (sent
  // only while watched). Their first arrival is not a change: the page just loaded.
  onCleanup(watchFigures());
  createEffect(
    on(
      () => (live.figures ? [live.figures.devices, live.figures.extensions, live.figures.faxInbound, live.figures.faxOutbound].join() : null),
      (now, before) => void (now && before && load()),
      { defer: true },
    ),
  );
  return (
    <div class="page">
      <PageHeading title="Billing Quota">
        <p class="page-lede">This month's usage against your package. A card turns amber at 80 % of its allowance.</p>
      </PageHeading>
      <Show when={error()}>
        <p class="callout callout-error" role="alert">{error()}</p>
      </Show>
      <Show when={quota()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(q) => (
          <div class="figure-grid">
            <For each={cards(q())}>
              {(card) => (
                <section class="card figure" data-testid={`quota-${card.key}`} data-near={nearLimit(card.item) ? 'true' : 'false'} aria-label={card.label}>
                  <p class="figure-label">{card.label}</p>
                  <p class="figure-value">
                    <span class="figure-number">{formatCount(card.item.used)}</span>
                    <span class="figure-of"> of {formatCount(card.item.limit)}</span>
                  </p>
                  <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share(card.item)} aria-label={`${card.label}: ${share(card.item)} % used`}>
                    <div class="meter-fill" style={{ width: `${share(card.item)}%` }} data-state={nearLimit(card.item) ? 'warn' : 'ok'} />
                  </div>
                  <p class="figure-caption">{card.detail ?? card.unit}</p>
                  <Show when={nearLimit(card.item)}>
                    <p class="badge" data-state="warn" role="status">
                      {card.item.used >= card.item.limit ? 'Limit reached' : `Near the limit: ${share(card.item)} % used`}
                    </p>
                  </Show>
                </section>
              )}
            </For>
          </div>
        )}
      </Show>
    </div>
  );
}
