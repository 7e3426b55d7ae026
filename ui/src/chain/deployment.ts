// A deployment file (deployments/<network>.json, written by `modelmint deploy`
// through scripts/deploy.sh): where each contract lives on one chain, and the
// settings it was instantiated with.

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
  timelock_ms: number;
  commit_window: { min_blocks: number; max_blocks: number };
  /** Balance as a decimal string (JSON numbers cannot hold a u128). */
  dispute_deposit: string;
  arbiter: string | null;
  contracts: Record<ContractName, DeployedContract> & { market_desk: DeployedCode };
}

/** Why a deployment could not be used, in words the Connect page shows. */
export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

export async function loadDeployment(network: string, fetcher: typeof fetch = fetch): Promise<Deployment> {
  let response: Response;
  try {
    response = await fetcher(`/deployments/${encodeURIComponent(network)}.json`, { cache: 'no-store' });
  } catch (error) {
    throw new DeploymentError(`The deployment file of network "${network}" could not be fetched: ${String(error)}.`);
  }
  if (response.status === 404) {
    throw new DeploymentError(
      `There is no deployment named "${network}": deploy the contracts with ` +
        `scripts/deploy.sh --network ${network}, or choose another network.`,
    );
  }
  if (!response.ok) {
    throw new DeploymentError(`The deployment file of network "${network}" could not be read (HTTP ${response.status}).`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new DeploymentError(`deployments/${network}.json is not valid JSON.`);
  }
  return parseDeployment(network, body);
}

/** Checks the fields the app relies on; anything else in the file is ignored. */
export function parseDeployment(network: string, body: unknown): Deployment {
  const fail = (what: string): never => {
    throw new DeploymentError(`deployments/${network}.json ${what}; write it again with scripts/deploy.sh.`);
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
  return body as Deployment;
}
