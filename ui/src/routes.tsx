// The app's pages, in navigation order. A page is reached at `#/<path>`; the
// query string (`?network=&url=`) stays as it is while navigating.
import type { ReactNode } from 'react';
import { ConnectPage } from './pages/ConnectPage';
import { RegisterPage } from './pages/RegisterPage';
import { MyModelsPage } from './pages/MyModelsPage';
import { OffersPage } from './pages/OffersPage';
import { BrowsePage } from './pages/BrowsePage';
import { LicensesPage } from './pages/LicensesPage';
import { RoyaltiesPage } from './pages/RoyaltiesPage';
import { LineagePage } from './pages/LineagePage';

export interface Route {
  path: string;
  label: string;
  render: () => ReactNode;
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
];
