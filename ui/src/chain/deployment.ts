// A deployment file (deployments/<network>.json, written by `modelmint deploy`):
// where each contract lives on one chain, which chain that is (its genesis hash),
// and the settings it was instantiated with. The app bundles the deployment files
// at build time (vite.config.ts; bundled.ts) and can load one from a URL; either
// way it is checked here, and against the chain on connecting (connection.ts).

import { indexUrlProblem } from './index-api';

/** The contracts the app talks to, each at an address of the deployment. */
export const CONTRACT_NAMES = ['registry', 'market', 'gateway'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** A contract the deployment instantiated. */
export interface DeployedContract {
  address: string;
  code_hash: string;
  wasm_bytes?: number;
}

/**
 * The market's desk: code uploaded, never instantiated (the market delegate-calls
 * it for its cold messages), so it has a code hash and no address.
 */
export interface DeployedCode {
  code_hash: string;
  wasm_bytes?: number;
}

export interface Deployment {
  network: string;
  /** The node the deployment was made on: the default node URL. */
  url: string;
  block: number;
  /**
   * The genesis hash of the chain the contracts were deployed on; the app refuses a node
   * of another chain. Absent in files written before it was recorded.
   */
  genesis_hash?: string;
  timelock_ms: number;
  commit_window: { min_blocks: number; max_blocks: number };
  /** Balance as a decimal string (JSON numbers cannot hold a u128). */
  dispute_deposit: string;
  arbiter: string | null;
  /**
   * The address of this deployment's index API (`modelmint index --serve`), added by its
   * operator; the app reads history and search there. Absent: no index unless the user sets one.
   */
  index?: string;
  contracts: Record<ContractName, DeployedContract> & { market_desk: DeployedCode };
}

/** Why a deployment could not be used, in words the Connect page shows. */
export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

/** Where the app gets a deployment: bundled by name, or a file at a URL. */
export type DeploymentSource = { kind: 'bundled'; network: string } | { kind: 'url'; url: string };

/** The deployment `source` names: looked up in `bundled`, or fetched. */
export async function loadDeployment(
  source: DeploymentSource,
  bundled: Readonly<Record<string, unknown>>,
  fetcher: typeof fetch = fetch,
): Promise<Deployment> {
  if (source.kind === 'bundled') {
    const body = bundled[source.network];
    if (body === undefined) {
      const names = Object.keys(bundled);
      throw new DeploymentError(
        `This app has no deployment named "${source.network}". ` +
          (names.length > 0
            ? `Choose one of ${names.map((n) => `"${n}"`).join(', ')} on the Connect page, or load a deployment file from its URL (Advanced).`
            : 'It was built without any: load a deployment file from its URL on the Connect page (Advanced).'),
      );
    }
    return parseDeployment(source.network, body);
  }
  const where = `the deployment file at ${source.url}`;
  let response: Response;
  try {
    response = await fetcher(source.url, { cache: 'no-store' });
  } catch (error) {
    throw new DeploymentError(`${where} could not be fetched (${String(error)}): check the address, and that its server allows this site to read it.`);
  }
  if (!response.ok) throw new DeploymentError(`${where} could not be read (HTTP ${response.status}).`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new DeploymentError(`${where} is not JSON: it is not a ModelMint deployment file.`);
  }
  const network = typeof (body as { network?: unknown })?.network === 'string' ? (body as { network: string }).network : 'from URL';
  return parseDeployment(network, body, where);
}

/** A short description of a deployment's chain, for the network picker: its node and genesis. */
export function chainLabel(deployment: Pick<Deployment, 'url' | 'genesis_hash'>): string {
  const genesis = deployment.genesis_hash ? `, genesis ${deployment.genesis_hash.slice(0, 10)}…` : '';
  let host = deployment.url;
  try {
    host = new URL(deployment.url).host;
  } catch {
    // keep the URL as written
  }
  return `${host}${genesis}`;
}

/** Checks the fields the app relies on; anything else in the file is ignored. */
export function parseDeployment(network: string, body: unknown, where = `The deployment "${network}"`): Deployment {
  const fail = (what: string): never => {
    throw new DeploymentError(`${where} ${what}: it is not a deployment of this version of ModelMint.`);
  };
  if (typeof body !== 'object' || body === null) return fail('is not an object');
  const d = body as Record<string, unknown>;
  if (typeof d.url !== 'string') fail('has no "url"');
  const contracts = d.contracts as Record<string, { address?: unknown; code_hash?: unknown }> | undefined;
  if (typeof contracts !== 'object' || contracts === null) return fail('has no "contracts"');
  for (const name of CONTRACT_NAMES) {
    if (typeof contracts[name]?.address !== 'string') fail(`has no address for the ${name} contract`);
  }
  // The connection checks the market runs this desk (connection.ts).
  if (typeof contracts.market_desk?.code_hash !== 'string') fail("has no code hash for the market's desk (market_desk)");
  const window = d.commit_window as Deployment['commit_window'] | undefined;
  if (typeof window?.min_blocks !== 'number' || typeof window?.max_blocks !== 'number') fail('has no "commit_window"');
  if (d.genesis_hash !== undefined && !(typeof d.genesis_hash === 'string' && /^0x[0-9a-fA-F]{64}$/.test(d.genesis_hash))) {
    fail('has a "genesis_hash" that is not a 32-byte hex hash');
  }
  if (d.index !== undefined && (typeof d.index !== 'string' || d.index === 'none' || indexUrlProblem(d.index) !== undefined)) {
    fail('has an "index" that is not an http(s) URL');
  }
  return { ...(body as Deployment), network: typeof d.network === 'string' ? d.network : network };
}
