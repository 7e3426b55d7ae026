// Opening the chain: a dedot client on the node URL, the deployment's contracts
// checked to exist there (and the market to run the deployment's desk), the
// chain's token units, and whether the code on the chain is the code this app
// was built with (source.ts; information, never a failure). Every failure
// becomes a ConnectionError whose message the Connect page shows as it is.
//
// Of the contracts' metadata only the market's is loaded here (its desk is asked
// for); the registry's and the gateway's wait for a page that needs them
// (contracts.ts, `<RequireChain contracts={[...]}>`).
import { DedotClient, WsProvider } from 'dedot';
import { CONTRACT_NAMES, type ContractName, type Deployment } from './deployment';
import { ContractSet, loadMetadata, NOBODY } from './contracts';
import { DEV_UNITS, type Units } from './format';
import { errorText } from './wallet';
import { urlProblem } from './settings';
import { call, read } from './tx';
import { compareSource, normalHash, type CodeHashes, type SourceCheck } from './source';

export interface Chain {
  client: DedotClient;
  url: string;
  deployment: Deployment;
  /** The contracts, each usable once its metadata is loaded (`contracts.load`); the market's is. */
  contracts: ContractSet;
  units: Units;
  /** The code hashes read from the chain (`Contracts.ContractInfoOf`, the market's `desk_code()`). */
  codeHashes: CodeHashes;
  /** Whether they are the code hashes this app was built with. */
  source: SourceCheck;
}

export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Connects to `url` (the legacy JSON-RPC, which substrate-contracts-node serves)
 * and checks that every contract of `deployment` is on that chain. The client
 * does not reconnect by itself: a dropped node shows as disconnected and the
 * user reconnects, rather than every call hanging in a retry loop.
 */
export async function connect(url: string, deployment: Deployment): Promise<Chain> {
  const problem = urlProblem(url);
  if (problem) throw new ConnectionError(problem);
  // Fetched while the node connects: connect() asks the market for its desk.
  loadMetadata('market').catch(() => undefined);
  const provider = new WsProvider({ endpoint: url, retryDelayMs: 0 });
  let client: DedotClient;
  try {
    // dedot reconnects when no block arrived for 30 s; a dev node seals blocks only
    // on demand (one per transaction), so an idle page would lose its connection.
    client = await withTimeout(DedotClient.legacy({ provider, stalingDetectionTimeout: 0 }), CONNECT_TIMEOUT_MS);
  } catch (error) {
    // Nothing to close: without retries the provider gave up with the first failure.
    // A refused WebSocket rejects with a DOM Event that says nothing: name the URL instead.
    const text = errorText(error);
    const detail = (typeof Event !== 'undefined' && error instanceof Event) || text.includes('[object Event]') ? '' : ` (${text})`;
    throw new ConnectionError(
      `Cannot reach a node at ${url}${detail}. Is it running? Check the node URL, or try again later.`,
    );
  }
  try {
    checkGenesis(deployment, url, String(client.genesisHash));
    if (!client.metadata.latest.pallets.some((pallet) => pallet.name === 'Contracts')) {
      throw new ConnectionError(`The chain at ${url} has no contracts pallet (pallet-contracts): ModelMint cannot run there.`);
    }
    const onChain = {} as Record<ContractName, string>;
    for (const name of CONTRACT_NAMES) {
      const address = deployment.contracts[name].address;
      const info = await client.query.contracts.contractInfoOf(address);
      if (!info) {
        throw new ConnectionError(
          `The ${name} contract of deployment "${deployment.network}" (${address}) is not on the chain at ${url}: ` +
            `the node was restarted or is another chain. Choose the deployment of this chain, or the node it was made on.`,
        );
      }
      onChain[name] = normalHash(String(info.codeHash));
    }
    const units = await readUnits(client);
    const contracts = new ContractSet(client, deployment);
    await contracts.load(['market']);
    const desk = await checkDesk({ client, url, deployment, contracts, units });
    const codeHashes: CodeHashes = { ...onChain, market_desk: desk };
    return { client, url, deployment, contracts, units, codeHashes, source: compareSource(codeHashes) };
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`The node at ${url} answered, but reading the chain failed: ${errorText(error)}`);
  }
}

/**
 * The same contract addresses can exist on another chain (a dev chain restarted, a test
 * network, a fork), running other code or none: a deployment is only used on the chain
 * it records. A file without a genesis hash (written before it was recorded) cannot be
 * checked; the contracts' code hashes are still checked below.
 */
export function checkGenesis(deployment: Pick<Deployment, 'network' | 'genesis_hash'>, url: string, genesis: string): void {
  const expected = deployment.genesis_hash?.toLowerCase();
  if (expected === undefined || expected === genesis.toLowerCase()) return;
  throw new ConnectionError(
    `The deployment "${deployment.network}" was made on another chain than the one at ${url} ` +
      `(its chain starts with block ${expected.slice(0, 12)}…, this node's with ${genesis.toLowerCase().slice(0, 12)}…): ` +
      'its contract addresses mean nothing here, so the app will not use them. Choose the deployment of this chain, or a node of its chain.',
  );
}

/**
 * The market forwards most of its messages to the desk code it was instantiated
 * with; a deployment file that names another desk belongs to another deployment
 * (or an upgrade it does not record), so its figures would mislead. Returns the
 * desk's code hash, as the market answers it.
 */
async function checkDesk(chain: Omit<Chain, 'codeHashes' | 'source'>): Promise<string> {
  const expected = normalHash(chain.deployment.contracts.market_desk.code_hash);
  // read() needs the client, the units and the contracts only, which are all there.
  const actual = normalHash(String(await read(chain as Chain, NOBODY, call(chain.contracts.market, 'deskCode', []))));
  if (actual !== expected) {
    throw new ConnectionError(
      `The market of deployment "${chain.deployment.network}" runs desk code ${actual}, not the ${expected} ` +
        `its deployment file records: the file belongs to another deployment. Choose the deployment of this chain.`,
    );
  }
  return actual;
}

/** Token decimals and symbol from the chain's properties, SS58 prefix from its constants. */
async function readUnits(client: DedotClient): Promise<Units> {
  const properties = await client.chainSpec.properties();
  const first = <T,>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);
  const decimals = Number(first(properties.tokenDecimals as number | number[] | undefined) ?? DEV_UNITS.decimals);
  const symbol = String(first(properties.tokenSymbol as string | string[] | undefined) ?? DEV_UNITS.symbol);
  const ss58Prefix = Number(client.consts.system.ss58Prefix ?? properties.ss58Format ?? DEV_UNITS.ss58Prefix);
  return { decimals, symbol, ss58Prefix };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
