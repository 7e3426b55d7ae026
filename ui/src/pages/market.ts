// What the licensee- and money-side pages (offers, browse and buy, my licenses,
// royalties, lineage) share: the catalogue of models, a model's offers, offer
// terms typed by a user and put in words, a license's standing (chain time,
// voided epochs, a pending transfer), what an account is owed, and reads that
// follow the chain's blocks. One place for each, so every page reads and words
// the same thing the same way. Everything about licenses and money is read from
// the market contract.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useChain } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { formatAccount, formatBps, formatDuration, formatTimestamp, parseBalance, type Units } from '../chain/format';
import { parseBps, parseU32, parseU64, U64_MAX, type Parsed } from '../chain/numbers';
import { call, read, Refusal } from '../chain/tx';
import { errorText } from '../chain/wallet';
import type {
  ModelmintCommonEpochRange as EpochRange,
  ModelmintCommonLicensingLicense as License,
  ModelmintCommonLicensingLicenseDuration as LicenseDuration,
  ModelmintCommonLicensingUse as Use,
  ModelmintMarketCoreModelState as ModelState,
  ModelmintMarketCoreOffer as Offer,
  ModelmintMarketCoreOfferTermsLike as OfferTermsLike,
} from '../contracts/types/modelmint-market';
import type { ModelmintCommonAssetKind as AssetKind, ModelmintRegistryDataModel as Model } from '../contracts/types/modelmint-registry';

export type { AssetKind, EpochRange, License, LicenseDuration, ModelState, Offer, OfferTermsLike, Use, Model };

/**
 * The uses a license may permit, in the bit order of `UseSet` (contracts/common/src/licensing.rs),
 * with the kinds of asset whose offers may grant each (the market's `UsesNotForKind`).
 */
export const USES: readonly { use: Use; bit: number; label: string; kinds: readonly AssetKind[] }[] = [
  { use: 'Research', bit: 0b0001, label: 'research', kinds: ['Model', 'Dataset'] },
  { use: 'CommercialInference', bit: 0b0010, label: 'commercial inference', kinds: ['Model'] },
  { use: 'FineTuning', bit: 0b0100, label: 'fine-tuning', kinds: ['Model'] },
  { use: 'Redistribution', bit: 0b1000, label: 'redistribution', kinds: ['Model', 'Dataset'] },
  { use: 'Training', bit: 0b1_0000, label: 'training', kinds: ['Dataset'] },
];

/** The uses an offer of this kind of asset may grant. */
export function usesFor(kind: AssetKind): typeof USES {
  return USES.filter((u) => u.kinds.includes(kind));
}

/** The use a derivative royalty requires among an offer's uses: what makes derivatives of the asset. */
export const DERIVATIVE_USE: Record<AssetKind, Use> = { Model: 'FineTuning', Dataset: 'Training' };

/** A `UseSet` byte in words: "research, fine-tuning". */
export function describeUses(set: number): string {
  const names = USES.filter((u) => (set & u.bit) !== 0).map((u) => u.label);
  return names.length ? names.join(', ') : 'no use';
}

export function describeDuration(duration: LicenseDuration): string {
  return duration.type === 'Perpetual' ? 'perpetual' : `${formatDuration(duration.value)} from purchase`;
}

export const DURATION_UNITS = [
  { value: 'days', label: 'days', ms: 86_400_000n },
  { value: 'hours', label: 'hours', ms: 3_600_000n },
  { value: 'minutes', label: 'minutes', ms: 60_000n },
  { value: 'perpetual', label: 'perpetual (never expires)', ms: 0n },
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number]['value'];

/** The create-offer form as typed. */
export interface OfferForm {
  price: string;
  duration: string;
  durationUnit: DurationUnit;
  /** Empty: no cap on sales. */
  cap: string;
  uses: Use[];
  derivatives: boolean;
  /** Basis points a derivative owes the model; only with `derivatives`. */
  royaltyBps: string;
  transferable: boolean;
  legalUri: string;
  /** sha256 of the legal text, 64 hex digits (with or without 0x). */
  legalSha256: string;
}

export const EMPTY_OFFER_FORM: OfferForm = {
  price: '',
  duration: '30',
  durationUnit: 'days',
  cap: '',
  uses: ['Research'],
  derivatives: false,
  royaltyBps: '',
  transferable: false,
  legalUri: '',
  legalSha256: '',
};

/** The numbers of the offer form, each parsed into its codec's range (numbers.ts) or refused. */
export interface OfferNumbers {
  price: Parsed<bigint>;
  duration: Parsed<LicenseDuration>;
  /** `undefined`: no cap (the field is empty). */
  cap: Parsed<number | undefined>;
  /** `undefined`: no derivatives allowed. */
  royalty: Parsed<number | undefined>;
}

/**
 * Each number of the form on its own, so the form can show a refusal under the
 * field it is about (and parseOfferTerms the first of them). Nothing is sent
 * wrapped: the price is a u128 of units, the period a u64 of ms, the cap a u32,
 * the royalty basis points up to 10 000.
 */
export function parseOfferNumbers(form: OfferForm, units: Units): OfferNumbers {
  const price = parseBalance(form.price, units);
  let duration: Parsed<LicenseDuration> = { value: { type: 'Perpetual' } };
  if (form.durationUnit !== 'perpetual') {
    const unit = DURATION_UNITS.find((u) => u.value === form.durationUnit)!;
    // The period is sent in ms as a u64: the count may be at most u64::MAX / (ms per unit).
    const count = parseU64(form.duration, 'A duration', { min: 1n, max: U64_MAX / unit.ms, unit: form.durationUnit });
    duration = 'error' in count ? count : { value: { type: 'Period', value: count.value * unit.ms } };
  }
  const cap = form.cap.trim() === '' ? { value: undefined } : parseU32(form.cap, 'A cap on sales', { min: 1, unit: 'licenses', note: ' (leave it empty for no cap)' });
  const royalty = form.derivatives ? parseBps(form.royaltyBps, 'A derivative royalty') : { value: undefined };
  return { price, duration, cap, royalty };
}

/**
 * The form as `OfferTerms`, or the first problem as a sentence. The contract
 * stays the judge (its refusal shows after the dry run); this only catches
 * what cannot even be encoded or is obviously meant otherwise.
 */
export function parseOfferTerms(form: OfferForm, units: Units): { terms: OfferTermsLike } | { error: string } {
  const numbers = parseOfferNumbers(form, units);
  if ('error' in numbers.price) return { error: `Price: ${numbers.price.error}` };
  if ('error' in numbers.duration) return numbers.duration;
  if ('error' in numbers.cap) return numbers.cap;
  const price = numbers.price.value;
  const duration = numbers.duration.value;
  const cap = numbers.cap.value;
  const uses = form.uses.reduce((set, use) => set | USES.find((u) => u.use === use)!.bit, 0);
  if (uses === 0) return { error: 'Choose at least one permitted use.' };
  if ('error' in numbers.royalty) return numbers.royalty;
  const derivativeRoyalty = numbers.royalty.value;
  const hash = form.legalSha256.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/.test(hash)) return { error: 'Legal text sha256: write the 64 hex digits of the text\'s sha256 (or pick the file to compute it).' };
  if (form.legalUri.trim() === '') return { error: 'Legal text URI: say where the legal text is published (e.g. ipfs://…/license.md).' };
  return {
    terms: {
      price,
      duration,
      cap,
      license: { uses, derivativeRoyalty, transferable: form.transferable },
      legal: { hash: `0x${hash}`, uri: form.legalUri.trim() },
    },
  };
}

/** Offer terms in one line: "5 UNIT · 30 days from purchase · research · derivatives owe 10 % · …". */
export function describeTerms(terms: OfferTermsLike, format: (amount: bigint) => string, sold?: number): string {
  const parts = [
    format(terms.price),
    describeDuration(terms.duration),
    describeUses(terms.license.uses),
    terms.license.derivativeRoyalty === undefined ? 'no derivatives' : `derivatives owe ${formatBps(terms.license.derivativeRoyalty)}`,
    terms.license.transferable ? 'transferable' : 'not transferable',
  ];
  if (terms.cap !== undefined) parts.push(sold === undefined ? `at most ${terms.cap} sold` : `${sold} of ${terms.cap} sold`);
  else if (sold !== undefined) parts.push(`${sold} sold`);
  return parts.join(' · ');
}

/** A registered model and who owns it now. */
export interface CatalogEntry {
  id: bigint;
  model: Model;
  owner: string | undefined;
}

/**
 * Every registered model. Ids are issued from 1 and models are never removed
 * (registry `total_supply` is the highest id), so the catalogue is 1..=total.
 */
export async function loadCatalog(chain: Chain, caller: string): Promise<CatalogEntry[]> {
  const { registry } = chain.contracts;
  const total = await read(chain, caller, call(registry, 'psp34TotalSupply', []));
  const ids = Array.from({ length: Number(total) }, (_, i) => BigInt(i + 1));
  const entries = await Promise.all(
    ids.map(async (id) => {
      const [model, owner] = await Promise.all([
        read(chain, caller, call(registry, 'model', [id])),
        read(chain, caller, call(registry, 'modelRegistryOwnerOfModel', [id])),
      ]);
      return model ? { id, model, owner: owner && formatAccount(owner, chain.units) } : undefined;
    }),
  );
  return entries.filter((e): e is CatalogEntry => e !== undefined);
}

/** An open or paused offer of a model, read in full. */
export interface ListedOffer {
  id: bigint;
  offer: Offer;
  /** Open and opened by the model's current owner: a purchase can succeed (`OfferOfPreviousOwner` otherwise). */
  sells: boolean;
}

/**
 * A model's open and paused offers (the slots of its market record, oldest
 * first), each read in full for its legal text. A closed offer leaves the
 * record, so it is never listed; a model the market does not know has none.
 */
export async function loadOffers(chain: Chain, caller: string, model: bigint): Promise<ListedOffer[]> {
  const { market } = chain.contracts;
  const state = await read(chain, caller, call(market, 'model', [model]));
  if (!state) return [];
  const offers = await Promise.all(
    state.offers.map(async (slot) => {
      const offer = await read(chain, caller, call(market, 'offer', [slot.offer]));
      return offer && { id: slot.offer, offer, sells: offer.state === 'Open' && offer.ownerEpoch === state.epoch };
    }),
  );
  return offers.filter((o): o is ListedOffer => o !== undefined);
}

/** Whether licenses sold in owner epoch `epoch` were voided: `epoch` lies in one of the half-open ranges. */
export function isVoided(epoch: number, voided: readonly EpochRange[]): boolean {
  return voided.some((range) => range.from <= epoch && epoch < range.to);
}

/** What a license grants its holder now, and why, in words. */
export interface Standing {
  state: 'valid' | 'expired' | 'voided' | 'offered';
  /** Whether it grants its holder anything now (the market's `is_licensed` rule). */
  grants: boolean;
  text: string;
}

/**
 * A license's standing: voided by a ruling (its sale epoch is in the model's
 * `voided` ranges) grants nothing for good; offered to another account
 * (`transfer_offer`) grants nothing until accepted or withdrawn; otherwise its
 * validity on chain time.
 */
export function licenseStanding(license: License, now: bigint | undefined, voided: readonly EpochRange[], offeredTo?: string): Standing {
  if (isVoided(license.epoch, voided)) {
    return { state: 'voided', grants: false, text: `voided: an arbiter's ruling voided the licenses sold in owner epoch ${license.epoch}; it grants nothing` };
  }
  const validity = licenseValidity(license, now);
  if (!validity.valid) return { state: 'expired', grants: false, text: validity.text };
  if (offeredTo !== undefined) {
    return { state: 'offered', grants: false, text: `offered to ${offeredTo}: grants nothing until they accept it or the offer is withdrawn (${validity.text})` };
  }
  return { state: 'valid', grants: true, text: validity.text };
}

/** Whether a license is valid at chain time `now` (the contract's rule: valid while `now < expires_at`). */
export function licenseValidity(license: Pick<License, 'expiresAt'>, now: bigint | undefined): { valid: boolean; text: string } {
  if (license.expiresAt === undefined) return { valid: true, text: 'perpetual: never expires' };
  const at = formatTimestamp(license.expiresAt);
  if (now === undefined) return { valid: true, text: `expires at ${at} (waiting for the chain's time)` };
  if (now >= license.expiresAt) return { valid: false, text: `expired at ${at}` };
  return { valid: true, text: `valid until ${at}, ${formatRemaining(license.expiresAt - now)} from now on chain time` };
}

/** A span of ms in days, hours and minutes (rounded down): "29 days 23 hours 59 minutes". */
export function formatRemaining(ms: bigint): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of [
    [86_400_000n, 'day'],
    [3_600_000n, 'hour'],
    [60_000n, 'minute'],
  ] as const) {
    const count = rest / size;
    rest %= size;
    if (count > 0n) parts.push(`${count} ${name}${count === 1n ? '' : 's'}`);
  }
  return parts.length ? parts.join(' ') : `${ms / 1000n} seconds`;
}

/** The registry's page size bound (`models_of` pages of at most 100 ids). */
const PAGE = 100;

/** Every model id `owner` holds in the registry, page by page. */
export async function modelsOf(chain: Chain, owner: string): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await read(chain, owner, call(chain.contracts.registry, 'modelsOf', [owner, start, PAGE]));
    ids.push(...page);
    if (page.length < PAGE) return ids;
  }
}

/** Whether `state`'s split is paid: set in the model's current owner epoch (`split_applies`). */
export function splitApplies(state: Pick<ModelState, 'splitEpoch' | 'epoch'>): boolean {
  return state.splitEpoch === state.epoch;
}

/** Most models one withdrawal collects (the market's `MAX_COLLECTED`, contracts/market-core). */
export const MAX_COLLECTED = 32;

/** The current round of a model an account owns without a split: all of it the owner's. */
export interface Round {
  model: bigint;
  pending: bigint;
}

/** What an account is owed in all, and what one withdrawal pays it. */
export interface Owed {
  /** `owed_to`: its owed balance and its part of every split it accepted. */
  owedTo: bigint;
  /** The rounds of its own models without an applying split, largest first (`pending_of`, non-zero). */
  rounds: Round[];
  /** The models one withdrawal collects: the largest rounds, at most `MAX_COLLECTED`. */
  collect: bigint[];
  /** What `withdraw(collect)` pays now: `owedTo` plus the collected rounds. */
  now: bigint;
  /** Everything owed: `owedTo` plus every round (more than `now` past 32 rounds). */
  total: bigint;
}

/**
 * What `account` is owed: `owed_to` does not include the rounds of the
 * account's own models (the revenue of a model without a split stays in its
 * round until a withdrawal collects it), so each model it owns in the market's
 * record with no split applying adds its `pending_of`.
 */
export async function loadOwed(chain: Chain, caller: string, account: string): Promise<Owed> {
  const { market } = chain.contracts;
  const [owedTo, ids] = await Promise.all([read(chain, caller, call(market, 'owedTo', [account])), modelsOf(chain, account)]);
  const found = await Promise.all(
    ids.map(async (model): Promise<Round | undefined> => {
      const state = await read(chain, caller, call(market, 'model', [model]));
      // The market pays the owner it was told of (a push skipped while unwired waits for `resync`).
      if (!state || !state.owner.eq(account) || splitApplies(state)) return undefined;
      const pending = await read(chain, caller, call(market, 'pendingOf', [model]));
      return pending > 0n ? { model, pending } : undefined;
    }),
  );
  return summarizeOwed(owedTo, found.filter((r): r is Round => r !== undefined));
}

/** `owed_to` and the non-zero rounds as an `Owed`: the largest rounds first, the first `MAX_COLLECTED` collected now. */
export function summarizeOwed(owedTo: bigint, found: Round[]): Owed {
  const rounds = [...found].sort((a, b) => (b.pending > a.pending ? 1 : b.pending < a.pending ? -1 : a.model < b.model ? -1 : 1));
  const collected = rounds.slice(0, MAX_COLLECTED);
  const sum = (list: Round[]) => list.reduce((total, r) => total + r.pending, 0n);
  return { owedTo, rounds, collect: collected.map((r) => r.model), now: owedTo + sum(collected), total: owedTo + sum(rounds) };
}

/** A read's message in words: a contract refusal as it is, anything else prefixed. */
export function readError(what: string, error: unknown): string {
  return error instanceof Refusal ? error.message : `Reading ${what} failed: ${errorText(error)}`;
}

export interface BlockRead<T> {
  value?: T;
  error?: string;
  /** Reads again now (after a write whose block may not have been announced yet). */
  reload: () => void;
}

/**
 * `load()` now and again with every new best block, so a page follows the chain
 * (its own writes included) without a refresh button. The previous value stays
 * on screen while reading again, so panels below it keep their state.
 */
export function useBlockRead<T>(load: (() => Promise<T>) | undefined, what: string, deps: readonly unknown[]): BlockRead<T> {
  const { bestBlock } = useChain();
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;
  // A change of inputs (not of block) drops the old value: it belongs to other inputs.
  useEffect(() => {
    setValue(undefined);
    setError(undefined);
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const current = loadRef.current;
    if (!current) return;
    let live = true;
    current().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(undefined);
      },
      (e: unknown) => live && setError(readError(what, e)),
    );
    return () => {
      live = false;
    };
  }, [...deps, bestBlock, version]); // eslint-disable-line react-hooks/exhaustive-deps
  return { value, error, reload };
}

/** sha256 of a file's bytes as 0x-hex (the legal text's hash for an offer). */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return `0x${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
