// The deployments bundled into the web app at build time: the module
// `virtual:modelmint-deployments` (src/chain/bundled.ts imports it) is every
// deployments/<network>.json, with only the fields the app reads. Used by the app's Vite
// configuration and by the tests' (whose Node side imports app modules too).
//
// MODELMINT_UI_DEPLOYMENTS=name,name bundles only those deployments (default: every file
// in deployments/).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

const DEPLOYMENTS = resolve(__dirname, '..', 'deployments');
const MODULE_ID = 'virtual:modelmint-deployments';
const RESOLVED_ID = `\0${MODULE_ID}`;

/**
 * The fields of a deployment file the app reads. Anything else stays out of the bundle:
 * a deployment file may record how it was deployed (e.g. the deployer's key URI), which a
 * public web app has no business publishing.
 */
const PUBLIC_FIELDS = ['network', 'url', 'block', 'genesis_hash', 'timelock_ms', 'commit_window', 'dispute_deposit', 'arbiter', 'source', 'contracts', 'index'];

function readDeployments(only: string[] | undefined): { files: string[]; bundled: Record<string, unknown> } {
  let names: string[];
  try {
    names = readdirSync(DEPLOYMENTS).filter((f) => /^[A-Za-z0-9_-]+\.json$/.test(f));
  } catch {
    names = [];
  }
  const files: string[] = [];
  const bundled: Record<string, unknown> = {};
  for (const file of names.sort()) {
    const network = file.slice(0, -'.json'.length);
    if (only && !only.includes(network)) continue;
    const path = join(DEPLOYMENTS, file);
    files.push(path);
    try {
      const body = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      bundled[network] = Object.fromEntries(PUBLIC_FIELDS.filter((k) => k in body).map((k) => [k, body[k]]));
    } catch {
      // A file that is not JSON is left out; the app says there is no such deployment.
    }
  }
  return { files, bundled };
}

export function deployments(): Plugin {
  const only = process.env.MODELMINT_UI_DEPLOYMENTS?.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    name: 'modelmint-deployments',
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { files, bundled } = readDeployments(only);
      // The dev server rebuilds the module when a deployment is written again.
      for (const file of files) this.addWatchFile(file);
      return `export default ${JSON.stringify(bundled)};`;
    },
  };
}
