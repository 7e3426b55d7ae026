// Opening the chain: a dedot client on the node URL, the deployment's contracts
// checked to exist there (and the market to run the deployment's desk), and the
// chain's token units. Every failure becomes a
// ConnectionError whose message the Connect page shows as it is.
import { DedotClient, WsProvider } from 'dedot';
import { CONTRACT_NAMES, type Deployment } from './deployment';
import { makeContracts, NOBODY, type Contracts } from './contracts';
import { DEV_UNITS, type Units } from './format';
import { errorText } from './wallet';
import { urlProblem } from './settings';
import { call, read } from './tx';

export interface Chain {
  client: DedotClient;
  url: string;
  deployment: Deployment;
  contracts: Contracts;
  units: Units;
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
      `Cannot reach a node at ${url}${detail}. Is it running? Start one with scripts/node.sh start, or change the node URL.`,
    );
  }
  try {
    if (!client.metadata.latest.pallets.some((pallet) => pallet.name === 'Contracts')) {
      throw new ConnectionError(`The chain at ${url} has no contracts pallet (pallet-contracts): ModelMint cannot run there.`);
    }
    for (const name of CONTRACT_NAMES) {
      const address = deployment.contracts[name].address;
      const info = await client.query.contracts.contractInfoOf(address);
      if (!info) {
        throw new ConnectionError(
          `The ${name} contract of deployment "${deployment.network}" (${address}) is not on the chain at ${url}: ` +
            `the node was restarted or is another chain. Deploy again with scripts/deploy.sh --network ${deployment.network} --url ${url}.`,
        );
      }
    }
    const units = await readUnits(client);
    const contracts = makeContracts(client, deployment);
    await checkDesk({ client, url, deployment, contracts, units });
    return { client, url, deployment, contracts, units };
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`The node at ${url} answered, but reading the chain failed: ${errorText(error)}`);
  }
}

/**
 * The market forwards most of its messages to the desk code it was instantiated
 * with; a deployment file that names another desk belongs to another deployment
 * (or an upgrade it does not record), so its figures would mislead.
 */
async function checkDesk(chain: Chain): Promise<void> {
  const hex = (hash: string) => `0x${hash.toLowerCase().replace(/^0x/, '')}`;
  const expected = hex(chain.deployment.contracts.market_desk.code_hash);
  const actual = hex(String(await read(chain, NOBODY, call(chain.contracts.market, 'deskCode', []))));
  if (actual !== expected) {
    throw new ConnectionError(
      `The market of deployment "${chain.deployment.network}" runs desk code ${actual}, not the ${expected} ` +
        `its deployment file records: deploy again with scripts/deploy.sh --network ${chain.deployment.network} --url ${chain.url}.`,
    );
  }
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
