// The three contracts the app talks to as typed dedot `Contract`s: the
// generated bindings (src/contracts/types, `npm run gen`) give every query,
// transaction and event its argument and result types; the metadata next to
// them is what dedot encodes and decodes with.
//
// The market answers at one address with one metadata: its own code runs the
// hot path (buy, renew, deposits, license checks) and forwards every other
// message to its desk by delegate call, same selector, arguments, events and
// errors. The app never talks to the desk.
import { Contract, type LooseContractMetadata } from 'dedot/contracts';
import type { DedotClient } from 'dedot';
import registryMetadata from '../contracts/metadata/registry.json';
import marketMetadata from '../contracts/metadata/market.json';
import gatewayMetadata from '../contracts/metadata/gateway.json';
import type { ModelmintRegistryContractApi } from '../contracts/types/modelmint-registry';
import type { ModelmintMarketContractApi } from '../contracts/types/modelmint-market';
import type { ModelmintGatewayContractApi } from '../contracts/types/modelmint-gateway';
import type { ContractName, Deployment } from './deployment';
import { NOBODY } from './nobody';

export type { ModelmintRegistryContractApi, ModelmintMarketContractApi, ModelmintGatewayContractApi };

export interface Contracts {
  registry: Contract<ModelmintRegistryContractApi>;
  market: Contract<ModelmintMarketContractApi>;
  gateway: Contract<ModelmintGatewayContractApi>;
}

/** The raw ink! metadata of each contract (also read by errors.ts and its tests). */
export const METADATA: Record<ContractName, LooseContractMetadata> = {
  registry: registryMetadata as LooseContractMetadata,
  market: marketMetadata as LooseContractMetadata,
  gateway: gatewayMetadata as LooseContractMetadata,
};

// Reads made without a wallet are made as NOBODY (nobody.ts; the shell needs it without this module).
export { NOBODY };

export function makeContracts(client: DedotClient, deployment: Deployment): Contracts {
  const at = (name: ContractName) => deployment.contracts[name].address;
  const options = { defaultCaller: NOBODY };
  return {
    registry: new Contract<ModelmintRegistryContractApi>(client, METADATA.registry, at('registry'), options),
    market: new Contract<ModelmintMarketContractApi>(client, METADATA.market, at('market'), options),
    gateway: new Contract<ModelmintGatewayContractApi>(client, METADATA.gateway, at('gateway'), options),
  };
}

/** Which of the three contracts lives at `address`, if any. */
export function contractNameAt(contracts: Contracts, address: string): ContractName | undefined {
  return (Object.keys(contracts) as ContractName[]).find((name) => contracts[name].address === address);
}
