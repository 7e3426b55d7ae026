// The app's pages by path (src/routes.tsx), for suites that visit every one. Kept as plain
// data so the Node side of the tests does not import the pages.
export const ROUTE_PATHS = ['connect', 'register', 'models', 'offers', 'browse', 'licenses', 'royalties', 'lineage', 'transactions'] as const;
