// The deployments bundled into the app when it was built (vite-deployments.ts reads
// deployments/*.json): kept apart from deployment.ts so that code running outside Vite
// (the tests' Node side) never imports the build-time module.
import bundled from 'virtual:modelmint-deployments';

export const BUNDLED_DEPLOYMENTS: Readonly<Record<string, unknown>> = bundled;

/** The network the app opens on first: "local" when bundled, else the first bundled one. */
export function defaultNetwork(): string {
  const names = Object.keys(BUNDLED_DEPLOYMENTS);
  return names.includes('local') || names.length === 0 ? 'local' : names[0];
}
