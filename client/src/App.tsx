// Routes. Sign-in and the shell are in the first bundle; every page inside
// the shell is loaded when first visited, and so is the set-password page
// (opened from a one-time link, signed out).
import { Navigate, Router, type RouteDefinition } from '@solidjs/router';
import { lazy, Show, type JSX } from 'solid-js';
import { COMING_SOON } from './nav.ts';
import SignIn from './pages/SignIn.tsx';
import { me } from './session.ts';
import Shell from './shell/Shell.tsx';

const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const ComingSoon = lazy(() => import('./pages/ComingSoon.tsx'));
const NotFound = lazy(() => import('./pages/NotFound.tsx'));
const FaxSend = lazy(() => import('./pages/FaxSend.tsx'));
const FaxOutbound = lazy(() => import('./pages/FaxOutbound.tsx'));
const FaxInbound = lazy(() => import('./pages/FaxInbound.tsx'));
const Account = lazy(() => import('./pages/Account.tsx'));
const FollowMe = lazy(() => import('./pages/FollowMe.tsx'));
const FollowMeEdit = lazy(() => import('./pages/FollowMeEdit.tsx'));
const FeatureCodes = lazy(() => import('./pages/FeatureCodes.tsx'));
const Dids = lazy(() => import('./pages/Dids.tsx'));
const Queues = lazy(() => import('./pages/Queues.tsx'));
const Wallboard = lazy(() => import('./pages/Wallboard.tsx'));
const Cdr = lazy(() => import('./pages/Cdr.tsx'));
const PbxCdr = lazy(() => import('./pages/PbxCdr.tsx'));
const BillingQuota = lazy(() => import('./pages/BillingQuota.tsx'));
const SetPassword = lazy(() => import('./pages/SetPassword.tsx'));
const AdminUsers = lazy(() => import('./pages/AdminUsers.tsx'));
const AdminExtensions = lazy(() => import('./pages/AdminExtensions.tsx'));
const AdminQueues = lazy(() => import('./pages/AdminQueues.tsx'));
const AdminDids = lazy(() => import('./pages/AdminDids.tsx'));
const AdminRates = lazy(() => import('./pages/AdminRates.tsx'));
const AdminSettings = lazy(() => import('./pages/AdminSettings.tsx'));
const AdminAudit = lazy(() => import('./pages/AdminAudit.tsx'));
const OperatorTenants = lazy(() => import('./pages/OperatorTenants.tsx'));
const OperatorTenant = lazy(() => import('./pages/OperatorTenant.tsx'));
const OperatorAudit = lazy(() => import('./pages/OperatorAudit.tsx'));

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
      { path: '/queues', component: Queues },
      { path: '/wallboard', component: Wallboard },
      { path: '/reports/cdr', component: Cdr },
      { path: '/reports/pbx-cdr', component: PbxCdr },
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
