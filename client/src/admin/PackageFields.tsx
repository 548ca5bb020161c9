// A tenant's package and its five limits, for the tenant's Settings and the
// operator's tenant forms. Choosing a package fills the limits with its own;
// changing a limit makes the package 'custom' (as the server would name it).
import { For, type JSX } from 'solid-js';
import { PACKAGE_NAMES, PACKAGES, type Limits, type PackageName } from '../../../common/admin.ts';
import { formatCount } from '../format.ts';
import { wholeNumber } from './check.ts';

/** The limits as typed: text until saved, so a half-typed value is not lost. */
export type LimitsDraft = Record<keyof Limits, string>;

export const LIMIT_FIELDS: { key: keyof Limits; label: string }[] = [
  { key: 'maxExtensions', label: 'Extensions' },
  { key: 'maxDevices', label: 'Devices' },
  { key: 'maxRingGroups', label: 'Ring groups' },
  { key: 'voiceMinutes', label: 'Voice minutes a month' },
  { key: 'faxPages', label: 'Fax pages a month' },
];

/** For check.ts's problem(): the limits' rules have no words of their own. */
export const LIMIT_LABELS: Record<string, string> = Object.fromEntries(LIMIT_FIELDS.map((f) => [f.key, f.label]));

export const PACKAGE_LABELS: Record<PackageName, string> = {
  starter: 'Starter',
  business: 'Business',
  enterprise: 'Enterprise',
  custom: 'Custom',
};

export const draftOf = (limits: Limits): LimitsDraft =>
  Object.fromEntries(LIMIT_FIELDS.map(({ key }) => [key, String(limits[key])])) as LimitsDraft;

export const limitsOf = (draft: LimitsDraft): Limits =>
  Object.fromEntries(LIMIT_FIELDS.map(({ key }) => [key, wholeNumber(draft[key])])) as Limits;

/** The package the limits belong to: the chosen one while they are its own, else 'custom'. */
export function packageFor(chosen: PackageName, draft: LimitsDraft): PackageName {
  if (chosen === 'custom') return 'custom';
  const own = PACKAGES[chosen];
  return LIMIT_FIELDS.every(({ key }) => wholeNumber(draft[key]) === own[key]) ? chosen : 'custom';
}

export function PackageFields(props: {
  idPrefix: string;
  package: PackageName;
  limits: LimitsDraft;
  onChange: (pkg: PackageName, limits: LimitsDraft) => void;
  /** Extensions in use now, shown beside their limit. */
  usedExtensions?: number;
}): JSX.Element {
  const id = (what: string) => `${props.idPrefix}-${what}`;
  const choose = (pkg: PackageName) => props.onChange(pkg, pkg === 'custom' ? props.limits : draftOf(PACKAGES[pkg]));
  const edit = (key: keyof Limits, value: string) => {
    const limits = { ...props.limits, [key]: value };
    props.onChange(packageFor(props.package, limits), limits);
  };
  return (
    <fieldset class="admin-fieldset">
      <legend>Package and limits</legend>
      <div class="field">
        <label for={id('package')}>Package</label>
        <select id={id('package')} value={props.package} aria-describedby={id('package-hint')} onChange={(e) => choose(e.currentTarget.value as PackageName)}>
          <For each={PACKAGE_NAMES}>{(name) => <option value={name}>{PACKAGE_LABELS[name]}</option>}</For>
        </select>
        <span id={id('package-hint')} class="hint">
          A package fills in its limits; changing a limit makes the package Custom.
        </span>
      </div>
      <div class="field-row">
        <For each={LIMIT_FIELDS}>
          {({ key, label }) => (
            <div class="field">
              <label for={id(key)}>{label}</label>
              <input
                id={id(key)}
                type="number"
                min="0"
                step="1"
                inputmode="numeric"
                value={props.limits[key]}
                aria-describedby={key === 'maxExtensions' && props.usedExtensions !== undefined ? id('used') : undefined}
                onInput={(e) => edit(key, e.currentTarget.value)}
              />
              {key === 'maxExtensions' && props.usedExtensions !== undefined && (
                <span id={id('used')} class="hint" data-testid="extensions-used">
                  {formatCount(props.usedExtensions)} in use
                </span>
              )}
            </div>
          )}
        </For>
      </div>
    </fieldset>
  );
}
