// The tests' own view of the chain: the app's chain layer (src/chain) run in Node, so
// the scenario checks what the UI shows against the contracts with the same connection,
// typed calls and reads the app uses, not a second client. The deployment file is read
// from disk (the app fetches it from the preview server).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Chain } from '../../src/chain/connection';
import { parseDeployment } from '../../src/chain/deployment';
import { call, read } from '../../src/chain/tx';
import { UI_ROOT } from './app-server';
import { chainUnderTest } from './browser';

export type { Chain };

/** Connects to the node and deployment named by MODELMINT_UI_NODE_URL and MODELMINT_UI_NETWORK. */
export async function openChain(): Promise<Chain> {
  const { network, url } = chainUnderTest();
  const file = join(UI_ROOT, '..', 'deployments', `${network}.json`);
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file} (deploy with scripts/deploy.sh --network ${network}): ${String(error)}`);
  }
  const chain = await connect(url, parseDeployment(network, body));
  // The tests read every contract; the app loads each when a page needs it.
  await chain.contracts.load(['registry', 'market', 'gateway']);
  return chain;
}

/** The account's free balance, in units. */
export async function freeBalance(chain: Chain, account: string): Promise<bigint> {
  const info = await chain.client.query.system.account(account);
  return info.data.free;
}

/** `owed_to`: the account's owed balance and its part of every split it accepted (not its own models' rounds). */
export function owedTo(chain: Chain, account: string): Promise<bigint> {
  return read(chain, account, call(chain.contracts.market, 'owedTo', [account]));
}

/** What the model's current round holds (`pending_of`). */
export function pendingOf(chain: Chain, model: bigint): Promise<bigint> {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'pendingOf', [model]));
}

/** Who would get what of `price` paid for `model`, as [SS58 address, amount]. */
export async function royaltyInfo(chain: Chain, model: bigint, price: bigint): Promise<[string, bigint][]> {
  const payees = await read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'royaltiesRoyaltyInfo', [model, price]));
  return payees.map((p) => [p.account.address(chain.units.ss58Prefix), p.amount]);
}

export function licensesOf(chain: Chain, model: bigint, holder: string): Promise<bigint[]> {
  return read(chain, holder, call(chain.contracts.market, 'licensesOf', [model, holder]));
}

export function license(chain: Chain, id: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'licenseCheckLicense', [id]));
}

export function isLicensed(chain: Chain, model: bigint, account: string) {
  return read(chain, account, call(chain.contracts.market, 'licenseCheckIsLicensed', [model, account, 'Research']));
}

export function offer(chain: Chain, id: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'offer', [id]));
}

export function parents(chain: Chain, model: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.registry, 'modelRegistryParents', [model]));
}

export function obligations(chain: Chain, model: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.registry, 'modelRegistryObligations', [model]));
}

export function ownerOf(chain: Chain, model: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.registry, 'modelRegistryOwnerOfModel', [model]));
}

export function splitOf(chain: Chain, model: bigint) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'splitOf', [model]));
}

/** What the market must be able to pay out (Σ owed + Σ pending) against what it holds. */
export function solvency(chain: Chain) {
  return read(chain, chain.contracts.registry.address, call(chain.contracts.market, 'solvency', []));
}
