// The four contracts as typed dedot `Contract`s: the generated bindings
// (src/contracts/types, `npm run gen`) give every query, transaction and event
// its argument and result types; the metadata next to them is what dedot
// encodes and decodes with.
import { Contract, type LooseContractMetadata } from 'dedot/contracts';
import type { DedotClient } from 'dedot';
import registryMetadata from '../contracts/metadata/registry.json';
import licensingMetadata from '../contracts/metadata/licensing.json';
import royaltiesMetadata from '../contracts/metadata/royalties.json';
import gatewayMetadata from '../contracts/metadata/gateway.json';
import type { ModelmintRegistryContractApi } from '../contracts/types/modelmint-registry';
import type { ModelmintLicensingContractApi } from '../contracts/types/modelmint-licensing';
import type { ModelmintRoyaltiesContractApi } from '../contracts/types/modelmint-royalties';
import type { ModelmintGatewayContractApi } from '../contracts/types/modelmint-gateway';
import type { ContractName, Deployment } from './deployment';

export type { ModelmintRegistryContractApi, ModelmintLicensingContractApi, ModelmintRoyaltiesContractApi, ModelmintGatewayContractApi };

export interface Contracts {
  registry: Contract<ModelmintRegistryContractApi>;
  licensing: Contract<ModelmintLicensingContractApi>;
  royalties: Contract<ModelmintRoyaltiesContractApi>;
  gateway: Contract<ModelmintGatewayContractApi>;
}

/** The raw ink! metadata of each contract (also read by errors.ts and its tests). */
export const METADATA: Record<ContractName, LooseContractMetadata> = {
  registry: registryMetadata as LooseContractMetadata,
  licensing: licensingMetadata as LooseContractMetadata,
  royalties: royaltiesMetadata as LooseContractMetadata,
  gateway: gatewayMetadata as LooseContractMetadata,
};

/**
 * An account that signs nothing: the caller of reads made before a wallet is
 * connected (the contracts' reads do not depend on the caller).
 */
export const NOBODY = '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM';

export function makeContracts(client: DedotClient, deployment: Deployment): Contracts {
  const at = (name: ContractName) => deployment.contracts[name].address;
  const options = { defaultCaller: NOBODY };
  return {
    registry: new Contract<ModelmintRegistryContractApi>(client, METADATA.registry, at('registry'), options),
    licensing: new Contract<ModelmintLicensingContractApi>(client, METADATA.licensing, at('licensing'), options),
    royalties: new Contract<ModelmintRoyaltiesContractApi>(client, METADATA.royalties, at('royalties'), options),
    gateway: new Contract<ModelmintGatewayContractApi>(client, METADATA.gateway, at('gateway'), options),
  };
}

/** Which of the four contracts lives at `address`, if any. */
export function contractNameAt(contracts: Contracts, address: string): ContractName | undefined {
  return (Object.keys(contracts) as ContractName[]).find((name) => contracts[name].address === address);
}
