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

const routes: RouteDefinition[] = [
  { path: '/sign-in', component: SignIn },
  {
    path: '/',
    component: Shell,
    children: [
      { path: '/', component: Dashboard },
      ...COMING_SOON.map((entry) => ({ path: entry.path, component: () => <ComingSoon entry={entry} /> })),
      { path: '*404', component: NotFound },
    ],
  },
];

export function App(): JSX.Element {
  return <Router>{routes}</Router>;
}
