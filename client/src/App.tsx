// Routes. Sign-in and the shell are in the first bundle; every page inside
// the shell is loaded when first visited, and so is the set-password page
// (opened from a one-time link, signed out).
import { Navigate, Router, type RouteDefinition } from '@solidjs/router';
import { lazy, Show, type Component, type JSX } from 'solid-js';
import { COMING_SOON } from './nav.ts';
import SignIn from './pages/SignIn.tsx';
import { me } from './session.ts';
import Shell from './shell/Shell.tsx';

/**
 * A page loaded when first visited. zod must be told `jitless` before a
 * page's shared schemas are built (its probe for `new Function` is a CSP
 * violation otherwise), and the first bundle should not carry zod: the
 * setting is loaded, in a chunk of its own, just before any page.
 */
const page = <P extends object>(load: () => Promise<{ default: Component<P> }>) => lazy(() => import('./jitless.ts').then(load));

const Dashboard = page(() => import('./pages/Dashboard.tsx'));
const ComingSoon = page(() => import('./pages/ComingSoon.tsx'));
const NotFound = page(() => import('./pages/NotFound.tsx'));
const FaxSend = page(() => import('./pages/FaxSend.tsx'));
const FaxOutbound = page(() => import('./pages/FaxOutbound.tsx'));
const FaxInbound = page(() => import('./pages/FaxInbound.tsx'));
const Account = page(() => import('./pages/Account.tsx'));
const FollowMe = page(() => import('./pages/FollowMe.tsx'));
const FollowMeEdit = page(() => import('./pages/FollowMeEdit.tsx'));
const FeatureCodes = page(() => import('./pages/FeatureCodes.tsx'));
const Dids = page(() => import('./pages/Dids.tsx'));
const Colleagues = page(() => import('./pages/Colleagues.tsx'));
const Voicemail = page(() => import('./pages/Voicemail.tsx'));
const Queues = page(() => import('./pages/Queues.tsx'));
const Wallboard = page(() => import('./pages/Wallboard.tsx'));
const Cdr = page(() => import('./pages/Cdr.tsx'));
const PbxCdr = page(() => import('./pages/PbxCdr.tsx'));
const Reports = page(() => import('./pages/Reports.tsx'));
const SoftphoneCheck = page(() => import('./pages/SoftphoneCheck.tsx'));
const BillingQuota = page(() => import('./pages/BillingQuota.tsx'));
const SetPassword = page(() => import('./pages/SetPassword.tsx'));
const AdminUsers = page(() => import('./pages/AdminUsers.tsx'));
const AdminExtensions = page(() => import('./pages/AdminExtensions.tsx'));
const AdminQueues = page(() => import('./pages/AdminQueues.tsx'));
const AdminDids = page(() => import('./pages/AdminDids.tsx'));
const AdminRates = page(() => import('./pages/AdminRates.tsx'));
const AdminSettings = page(() => import('./pages/AdminSettings.tsx'));
const AdminAudit = page(() => import('./pages/AdminAudit.tsx'));
const OperatorTenants = page(() => import('./pages/OperatorTenants.tsx'));
const OperatorTenant = page(() => import('./pages/OperatorTenant.tsx'));
const OperatorAudit = page(() => import('./pages/OperatorAudit.tsx'));

/** An operator has no tenant, so no dashboard: their home is the tenant list. */
const Home = () => (
  <Show when={me()?.role === 'operator'} fallback={<Dashboard />}>
    <Navigate href="/operator/tenants" />
  </Show>
);

const routes: RouteDefinition[] = [
  { path: '/sign-in', component: SignIn },
  { path: '/set-password', component: SetPassword },
  {
    path: '/',
    component: Shell,
    children: [
      { path: '/', component: Home },
      { path: '/fax/send', component: FaxSend },
      { path: '/fax/outbound', component: FaxOutbound },
      { path: '/fax/inbound', component: FaxInbound },
      { path: '/account', component: Account },
      { path: '/pbx/follow-me', component: FollowMe },
      { path: '/pbx/follow-me/new', component: FollowMeEdit },
      { path: '/pbx/follow-me/:extension', component: FollowMeEdit },
      { path: '/pbx/feature-codes', component: FeatureCodes },
      { path: '/pbx/dids', component: Dids },
      { path: '/pbx/colleagues', component: Colleagues },
      { path: '/softphone/check', component: SoftphoneCheck },
      { path: '/voicemail/messages', component: Voicemail },
      { path: '/queues', component: Queues },
      { path: '/wallboard', component: Wallboard },
      { path: '/reports/cdr', component: Cdr },
      { path: '/reports/pbx-cdr', component: PbxCdr },
      { path: '/reports/queues', component: Reports },
      { path: '/billing/quota', component: BillingQuota },
      { path: '/admin/users', component: AdminUsers },
      { path: '/admin/extensions', component: AdminExtensions },
      { path: '/admin/queues', component: AdminQueues },
      { path: '/admin/dids', component: AdminDids },
      { path: '/admin/rates', component: AdminRates },
      { path: '/admin/settings', component: AdminSettings },
      { path: '/admin/audit', component: AdminAudit },
      { path: '/operator/tenants', component: OperatorTenants },
      { path: '/operator/tenants/:id', component: OperatorTenant },
      { path: '/operator/audit', component: OperatorAudit },
      ...COMING_SOON.map((entry) => ({ path: entry.path, component: () => <ComingSoon entry={entry} /> })),
      { path: '*404', component: NotFound },
    ],
  },
];

export function App(): JSX.Element {
  return <Router>{routes}</Router>;
}
