// The build-time module of vite.config.ts: every bundled deployment file by network name
// (only the fields the app reads).
declare module 'virtual:modelmint-deployments' {
  const deployments: Record<string, unknown>;
  export default deployments;
}
