// Every error variant of every contract has its own sentence (the switch in
// errors.ts is exhaustive for tsc; this checks the sentences themselves against
// the metadata the app is built with), and a few sentences are pinned exactly.
import { describe, expect, it } from 'vitest';
import { TypinkRegistry, type ContractMetadata } from 'dedot/contracts';
import { AccountId32 } from 'dedot/codecs';
import { loadMetadata } from '../../src/chain/contracts';
import { CONTRACT_NAMES } from '../../src/chain/deployment';
import {
  contractErrorMessage,
  dispatchErrorMessage,
  errorTypeOf,
  ERROR_TYPES,
  gatewayErrorMessage,
  marketErrorMessage,
  palletErrorMessage,
  poolErrorMessage,
  psp34ErrorMessage,
  PSP34_CUSTOM,
  registryErrorMessage,
  type ErrorTypeName,
  type MetadataTypes,
} from '../../src/chain/errors';
import { DEV_UNITS } from '../../src/chain/format';

// Each contract's metadata is a chunk the app loads on demand; the tests take all three.
const METADATA = { registry: await loadMetadata('registry'), market: await loadMetadata('market'), gateway: await loadMetadata('gateway') };

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

interface MetaType {
  id: number;
  type: { path?: string[]; def: { variant?: { variants?: { name: string; index: number; fields?: { type: number }[] }[] } } };
}

/** Every type in every contract's metadata whose name is `...Error`, with its variants. */
function errorTypesInMetadata() {
  const found: { contract: string; name: string; id: number; variants: { name: string; index: number }[]; registry: TypinkRegistry }[] = [];
  for (const contract of CONTRACT_NAMES) {
    const metadata = METADATA[contract] as unknown as ContractMetadata & { types: MetaType[] };
    const registry = new TypinkRegistry(metadata);
    for (const t of metadata.types) {
      const name = t.type.path?.at(-1);
      if (!name?.endsWith('Error') || name === 'LangError' || !t.type.def.variant) continue;
      found.push({ contract, name, id: t.id, variants: t.type.def.variant.variants ?? [], registry });
    }
  }
  return found;
}

describe('contract error messages', () => {
  const types = errorTypesInMetadata();

  it('covers every error type of the metadata', () => {
    const names = new Set(types.map((t) => t.name));
    expect([...names].sort()).toEqual([...ERROR_TYPES].sort());
  });

  for (const { contract, name, id, variants, registry } of types) {
    it(`${contract}: every ${name} variant has its own sentence`, () => {
      const codec = registry.findCodec(id);
      const messages = new Map<string, string>();
      for (const variant of variants) {
        // The variant's index, then zeros: every field decodes to its zero value
        // (0, "", the zero account, the first variant of a nested enum).
        const bytes = new Uint8Array(256);
        bytes[0] = variant.index;
        let value = codec.tryDecode(bytes) as { type: string; value?: unknown };
        expect(value.type).toBe(variant.name);
        // A PSP34 `Custom` carries a registry condition's name (checked below), not "".
        if (name === 'PSP34Error' && variant.name === 'Custom') value = { type: 'Custom', value: 'NotApproved' };
        const message = contractErrorMessage(name as ErrorTypeName, value, DEV_UNITS);
        expect(message, variant.name).toMatch(/^[A-Z0-9"].*[.)]$/s);
        expect(message, variant.name).not.toMatch(/undefined|\[object|NaN|null/);
        expect(message, variant.name).not.toMatch(/refused the token operation \(/);
        messages.set(variant.name, message);
      }
      // Distinct conditions read differently (nested errors aside, which wrap another type's sentence).
      const texts = [...messages.values()];
      expect(new Set(texts).size).toBe(texts.length);
    });
  }

  it('names every registry condition a PSP34 message reports as Custom', () => {
    const registry = types.filter((t) => t.contract === 'registry');
    const names = registry
      .filter((t) => t.name === 'RegistryError' || t.name === 'AdminError')
      .flatMap((t) => t.variants.map((v) => v.name))
      .filter((n) => n !== 'Admin');
    for (const custom of names) {
      expect(psp34ErrorMessage({ type: 'Custom', value: custom }), custom).not.toMatch(/refused the token operation \(/);
    }
    expect(Object.keys(PSP34_CUSTOM).sort()).toEqual([...new Set(names)].sort());
  });

  it('finds the error type of a message from its return type', () => {
    const cases: [(typeof CONTRACT_NAMES)[number], string, ErrorTypeName | undefined][] = [
      ['registry', 'register', 'RegistryError'],
      ['registry', 'PSP34::transfer', 'PSP34Error'],
      ['registry', 'Admin::set_paused', 'AdminError'],
      ['registry', 'model', undefined],
      ['registry', 'resync', 'RegistryError'],
      // The market's own code (hot path) and a message its desk answers read the same.
      ['market', 'buy', 'MarketError'],
      ['market', 'set_split', 'MarketError'],
      ['market', 'withdraw', 'MarketError'],
      ['market', 'Royalties::royalty_info', 'MarketError'],
      ['market', 'LicenseCheck::license', undefined],
      ['market', 'model', undefined],
      ['market', 'Admin::wire', 'AdminError'],
      ['gateway', 'infer', 'GatewayError'],
    ];
    for (const [contract, label, expected] of cases) {
      const metadata = METADATA[contract] as unknown as MetadataTypes & {
        spec: { messages: { label: string; returnType: { type: number } }[] };
      };
      const message = metadata.spec.messages.find((m) => m.label === label);
      expect(message, label).toBeDefined();
      expect(errorTypeOf(metadata, message!.returnType.type), label).toBe(expected);
    }
  });

  it('writes amounts in the token, accounts as SS58, shares as percentages', () => {
    expect(marketErrorMessage({ type: 'PriceAboveMaximum', value: [5_000_000_000_000n, 4_500_000_000_000n] }, DEV_UNITS)).toBe(
      'The price, 5 UNIT, is above the maximum price you accept, 4.5 UNIT.',
    );
    expect(registryErrorMessage({ type: 'NotModelOwner', value: [1n, new AccountId32(ALICE)] }, DEV_UNITS)).toBe(
      `Only the owner of model 1, ${ALICE}, may do this.`,
    );
    expect(registryErrorMessage({ type: 'RoyaltyAboveMaximum', value: [2n, 1500, 1000] }, DEV_UNITS)).toBe(
      'The royalty owed to model 2 would be 15 %, above the 10 % you accept.',
    );
    expect(marketErrorMessage({ type: 'InvalidShares', value: { type: 'SharesDoNotSumToWhole', value: 999_999n } }, DEV_UNITS)).toBe(
      'The shares add up to 999999 parts per million instead of exactly 1 000 000.',
    );
    expect(marketErrorMessage({ type: 'LicenseExpired', value: [3n, 1_700_000_000_000n] }, DEV_UNITS)).toBe(
      'License 3 expired at 2023-11-14 22:13:20 UTC and cannot be transferred; renew it first.',
    );
    expect(marketErrorMessage({ type: 'NotLicensed', value: [4n, new AccountId32(ALICE)] }, DEV_UNITS)).toBe(
      `${ALICE} holds no license on model 4 that is valid now, not voided, and permits this use.`,
    );
    expect(marketErrorMessage({ type: 'NotPayee', value: 7n }, DEV_UNITS)).toBe(
      "Model 7's revenue is not collected by this account: only its current owner collects it, and only while no split applies.",
    );
    expect(marketErrorMessage({ type: 'TooManyModels', value: 32 }, DEV_UNITS)).toBe('At most 32 models are collected in one withdrawal.');
    expect(marketErrorMessage({ type: 'Admin', value: { type: 'Paused' } }, DEV_UNITS)).toBe(
      'The contract is paused: what creates new obligations is stopped for now.',
    );
    expect(gatewayErrorMessage({ type: 'Market', value: { type: 'Admin', value: { type: 'Paused' } } }, DEV_UNITS)).toBe(
      'The market refused the fee: The contract is paused: what creates new obligations is stopped for now.',
    );
    expect(registryErrorMessage({ type: 'CommitmentTooRecent', value: 12 }, DEV_UNITS)).toBe(
      'The commitment is too recent: it can be revealed from block 12 on.',
    );
    expect(registryErrorMessage({ type: 'TooManyObligations', value: [17, 16] }, DEV_UNITS)).toBe(
      'The model would owe 17 ancestors a share of every sale; at most 16 are allowed.',
    );
    expect(registryErrorMessage({ type: 'TooManyVoidedRanges', value: 8 }, DEV_UNITS)).toMatch(/^The model already carries 8 voided epoch ranges/);
    // Datasets (issue 33): the kind, the relation and the use in words, as the command line says them.
    expect(registryErrorMessage({ type: 'RelationMismatch', value: [3n, 'TrainedOn', 'Model'] }, DEV_UNITS)).toBe(
      'Asset 3 is a model, which a trained-on edge cannot name: a model is trained on datasets (training data) and derives from models (parents).',
    );
    expect(registryErrorMessage({ type: 'VersionKindMismatch', value: [2n, 'Dataset'] }, DEV_UNITS)).toBe(
      'The previous version 2 is a dataset: a new version is of the same kind as the one it follows.',
    );
    expect(marketErrorMessage({ type: 'DerivativesNeedUse', value: 'Training' }, DEV_UNITS)).toBe(
      'An offer that grants a derivative royalty must permit training, the use that makes derivatives of its asset.',
    );
    expect(marketErrorMessage({ type: 'UsesNotForKind', value: [0b1_0100, 'Dataset'] }, DEV_UNITS)).toMatch(/^The permitted uses \(bits 20\) include one that a dataset's license cannot grant/);
    expect(psp34ErrorMessage({ type: 'Custom', value: 'TransferToSelf' })).toBe('The recipient already owns this model.');
    expect(psp34ErrorMessage({ type: 'Custom', value: 'MarketUnavailable' })).toMatch(/could not pass the model's record to the market/);
    expect(psp34ErrorMessage({ type: 'Custom', value: 'StrandingRecipient' })).toMatch(
      /^The recipient is the registry or its market: .* stranded there for good\.$/,
    );
  });
});

describe('chain error messages', () => {
  it('names the deposit limit and balance errors in words', () => {
    expect(palletErrorMessage({ pallet: 'Contracts', name: 'StorageDepositLimitExhausted', docs: [] })).toMatch(/more storage deposit than the limit/);
    expect(palletErrorMessage({ pallet: 'Balances', name: 'InsufficientBalance', docs: [] })).toMatch(/balance is too low/);
    // In a dry run the deposit limit is the caller's balance: running out of it means it cannot pay.
    expect(palletErrorMessage({ pallet: 'Contracts', name: 'StorageDepositLimitExhausted', docs: [] }, true)).toBe(
      "The account's balance cannot pay the storage deposit this call needs: top up its balance.",
    );
    expect(palletErrorMessage({ pallet: 'Foo', name: 'Bar', docs: ['Something broke.'] })).toBe(
      'The chain refused the call (Foo.Bar): Something broke.',
    );
  });

  it('reads module errors through the registry lookup and token errors directly', () => {
    const lookup = () => ({ pallet: 'Contracts', name: 'StorageDepositNotEnoughFunds', docs: [] });
    expect(dispatchErrorMessage({ type: 'Module', value: { index: 8, error: '0x1b000000' } }, lookup)).toMatch(/cannot pay the storage deposit/);
    expect(dispatchErrorMessage({ type: 'Token', value: 'FundsUnavailable' }, () => undefined)).toBe(
      "The account's balance is too low for this call.",
    );
  });

  it("turns the pool's fee refusal into a sentence", () => {
    expect(poolErrorMessage('1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low')).toBe(
      "The account's balance cannot pay this transaction's fee.",
    );
  });
});
