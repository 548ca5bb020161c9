// Routes. Sign-in and the shell are in the first bundle; every page inside
// the shell is loaded when first visited.
import { Router, type RouteDefinition } from '@solidjs/router';
import { lazy, type JSX } from 'solid-js';
import { COMING_SOON } from './nav.ts';
import SignIn from './pages/SignIn.tsx';
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

const routes: RouteDefinition[] = [
  { path: '/sign-in', component: SignIn },
  {
    path: '/',
    component: Shell,
    children: [
      { path: '/', component: Dashboard },
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
      ...COMING_SOON.map((entry) => ({ path: entry.path, component: () => <ComingSoon entry={entry} /> })),
      { path: '*404', component: NotFound },
    ],
  },
];

export function App(): JSX.Element {
  return <Router>{routes}</Router>;
}
