// The three contracts the app talks to as typed dedot `Contract`s: the
// generated bindings (src/contracts/types, `npm run gen`) give every query,
// transaction and event its argument and result types; the metadata next to
// them is what dedot encodes and decodes with.
//
// Each contract's metadata is a chunk of its own, loaded the first time a page
// needs that contract (`<RequireChain contracts={[...]}>`, `ContractSet.load`),
// not with the app nor at connect: only the market's is loaded by `connect()`,
// which asks it for its desk. A page that reads a contract it did not ask for
// gets an Error naming it, never a silent undefined.
//
// The market answers at one address with one metadata: its own code runs the
// hot path (buy, renew, deposits, license checks) and forwards every other
// message to its desk by delegate call, same selector, arguments, events and
// errors. The app never talks to the desk.
import { Contract, type LooseContractMetadata } from 'dedot/contracts';
import type { DedotClient } from 'dedot';
import type { ModelmintRegistryContractApi } from '../contracts/types/modelmint-registry';
import type { ModelmintMarketContractApi } from '../contracts/types/modelmint-market';
import type { ModelmintGatewayContractApi } from '../contracts/types/modelmint-gateway';
import { CONTRACT_NAMES, type ContractName, type Deployment } from './deployment';
import { NOBODY } from './nobody';

export type { ModelmintRegistryContractApi, ModelmintMarketContractApi, ModelmintGatewayContractApi };

export interface Contracts {
  registry: Contract<ModelmintRegistryContractApi>;
  market: Contract<ModelmintMarketContractApi>;
  gateway: Contract<ModelmintGatewayContractApi>;
}

/**
 * The raw ink! metadata of a contract (also read by errors.ts's tests), each a dynamic
 * import: the bundler makes each JSON a chunk of its own.
 */
export function loadMetadata(name: ContractName): Promise<LooseContractMetadata> {
  const chunk =
    name === 'registry'
      ? import('../contracts/metadata/registry.json')
      : name === 'market'
        ? import('../contracts/metadata/market.json')
        : import('../contracts/metadata/gateway.json');
  return chunk.then((module) => module.default as LooseContractMetadata);
}

// Reads made without a wallet are made as NOBODY (nobody.ts; the shell needs it without this module).
export { NOBODY };

/**
 * The deployment's contracts, each made from its metadata once `load` brought it in.
 * `set.registry` (and the others) is the typed contract; reading one not loaded yet
 * throws an Error that names it.
 */
export class ContractSet {
  private readonly loaded: Partial<Contracts> = {};
  private readonly loading = new Map<ContractName, Promise<void>>();

  constructor(
    private readonly client: DedotClient,
    private readonly deployment: Deployment,
  ) {}

  get registry(): Contract<ModelmintRegistryContractApi> {
    return this.get('registry');
  }

  get market(): Contract<ModelmintMarketContractApi> {
    return this.get('market');
  }

  get gateway(): Contract<ModelmintGatewayContractApi> {
    return this.get('gateway');
  }

  /** The contract `name`, which must have been loaded. */
  get<N extends ContractName>(name: N): Contracts[N] {
    const contract = this.loaded[name];
    if (!contract) {
      throw new Error(`The ${name} contract's metadata is not loaded: the page must ask for it (<RequireChain contracts={['${name}']}>).`);
    }
    return contract;
  }

  /** Whether `name`'s metadata is loaded. */
  has(name: ContractName): boolean {
    return this.loaded[name] !== undefined;
  }

  /** The contracts loaded so far, in the deployment's order. */
  loadedNames(): ContractName[] {
    return CONTRACT_NAMES.filter((name) => this.has(name));
  }

  /** Loads the metadata of `names` (each once, however often it is asked for). */
  async load(names: readonly ContractName[]): Promise<void> {
    await Promise.all(names.map((name) => this.loadOne(name)));
  }

  private loadOne(name: ContractName): Promise<void> {
    let pending = this.loading.get(name);
    if (!pending) {
      pending = loadMetadata(name).then((metadata) => {
        const address = this.deployment.contracts[name].address;
        // One constructor call per contract: dedot types it by the generated API.
        (this.loaded as Record<ContractName, unknown>)[name] = new Contract(this.client, metadata, address, { defaultCaller: NOBODY });
      });
      // A failed load (the chunk could not be fetched) may be tried again.
      pending.catch(() => this.loading.delete(name));
      this.loading.set(name, pending);
    }
    return pending;
  }

  /** Which of the three contracts lives at `address`, if any (no metadata needed). */
  nameAt(address: string): ContractName | undefined {
    return CONTRACT_NAMES.find((name) => this.deployment.contracts[name].address === address);
  }
}
