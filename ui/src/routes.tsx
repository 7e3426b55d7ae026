// The app's pages, in navigation order. A page is reached at `#/<path>`; the
// query string (`?network=&url=`) stays as it is while navigating.
//
// Each page is its own chunk, loaded when it is first shown: the first load carries the
// shell only (App.tsx renders a page inside <Suspense>).
import { lazy, type ReactNode } from 'react';

const ConnectPage = lazy(() => import('./pages/ConnectPage').then((m) => ({ default: m.ConnectPage })));
const RegisterPage = lazy(() => import('./pages/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const MyModelsPage = lazy(() => import('./pages/MyModelsPage').then((m) => ({ default: m.MyModelsPage })));
const OffersPage = lazy(() => import('./pages/OffersPage').then((m) => ({ default: m.OffersPage })));
const BrowsePage = lazy(() => import('./pages/BrowsePage').then((m) => ({ default: m.BrowsePage })));
const LicensesPage = lazy(() => import('./pages/LicensesPage').then((m) => ({ default: m.LicensesPage })));
const RoyaltiesPage = lazy(() => import('./pages/RoyaltiesPage').then((m) => ({ default: m.RoyaltiesPage })));
const TransactionsPage = lazy(() => import('./pages/TransactionsPage').then((m) => ({ default: m.TransactionsPage })));
const ModelPage = lazy(() => import('./pages/ModelPage').then((m) => ({ default: m.ModelPage })));
const LineagePage = lazy(() => import('./pages/LineagePage').then((m) => ({ default: m.LineagePage })));

export interface Route {
  path: string;
  label: string;
  /** What follows the path in the address (`#/model/7` → "7"). */
  render: (param: string) => ReactNode;
  /** Reached by links only, not listed in the navigation. */
  hidden?: boolean;
}

export const ROUTES: Route[] = [
  { path: 'connect', label: 'Connect', render: () => <ConnectPage /> },
  { path: 'register', label: 'Register a model', render: () => <RegisterPage /> },
  { path: 'models', label: 'My models', render: () => <MyModelsPage /> },
  { path: 'offers', label: 'Offers', render: () => <OffersPage /> },
  { path: 'browse', label: 'Browse and buy', render: () => <BrowsePage /> },
  { path: 'licenses', label: 'My licenses', render: () => <LicensesPage /> },
  { path: 'royalties', label: 'Royalties', render: () => <RoyaltiesPage /> },
  { path: 'lineage', label: 'Lineage', render: () => <LineagePage /> },
  { path: 'transactions', label: 'Transactions', render: () => <TransactionsPage /> },
  { path: 'model', label: 'Model', render: (id) => <ModelPage id={id} />, hidden: true },
];
