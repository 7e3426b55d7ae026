// The pure parts of the offers, licenses, royalties and lineage pages: offer terms typed by a
// user (what the form sends to create_offer), uses and a license's standing in words (expiry,
// voided epochs, escrow), what one withdrawal collects, the lineage layout.
import { describe, expect, it } from 'vitest';
import { DEV_UNITS } from '../../src/chain/format';
import { columnsOf, type LineageNode } from '../../src/pages/LineagePage';
import {
  describeTerms,
  describeUses,
  usesFor,
  EMPTY_OFFER_FORM,
  formatRemaining,
  isVoided,
  licenseStanding,
  licenseValidity,
  MAX_COLLECTED,
  parseOfferTerms,
  splitApplies,
  summarizeOwed,
  type License,
  type OfferForm,
} from '../../src/pages/market';

const HASH = 'ab'.repeat(32);
const form = (patch: Partial<OfferForm>): OfferForm => ({ ...EMPTY_OFFER_FORM, price: '5', legalUri: 'ipfs://x/license.md', legalSha256: HASH, ...patch });
const terms = (patch: Partial<OfferForm>) => {
  const parsed = parseOfferTerms(form(patch), DEV_UNITS);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.terms;
};
const problem = (patch: Partial<OfferForm>) => {
  const parsed = parseOfferTerms(form(patch), DEV_UNITS);
  return 'error' in parsed ? parsed.error : undefined;
};

describe('offer terms from the form', () => {
  it('encodes price, period, uses (UseSet bits), derivative royalty and legal text (terms.legal) as create_offer takes them', () => {
    expect(terms({ uses: ['Research', 'FineTuning'], derivatives: true, royaltyBps: '1000', duration: '30', durationUnit: 'days', cap: '7', transferable: true })).toEqual({
      price: 5_000_000_000_000n,
      duration: { type: 'Period', value: 2_592_000_000n },
      cap: 7,
      license: { uses: 0b0101, derivativeRoyalty: 1000, transferable: true },
      legal: { hash: `0x${HASH}`, uri: 'ipfs://x/license.md' },
    });
    expect(terms({ durationUnit: 'perpetual', uses: ['CommercialInference', 'Redistribution'] })).toMatchObject({
      duration: { type: 'Perpetual' },
      cap: undefined,
      license: { uses: 0b1010, derivativeRoyalty: undefined },
    });
    expect(terms({ durationUnit: 'minutes', duration: '2', legalSha256: `0X${HASH.toUpperCase()}` })).toMatchObject({
      duration: { type: 'Period', value: 120_000n },
      legal: { hash: `0x${HASH}` },
    });
  });

  it('says what is wrong with the inputs, one sentence at a time', () => {
    expect(problem({ price: '1.0000000000001' })).toBe('Price: UNIT has 12 decimals; "1.0000000000001" has 13.');
    expect(problem({ duration: '0' })).toBe('A duration is a whole number of days from 1 to 213503982334; "0" is too small.');
    expect(problem({ cap: '0' })).toBe('A cap on sales is a whole number of licenses from 1 to 4294967295 (leave it empty for no cap); "0" is too small.');
    expect(problem({ uses: [] })).toBe('Choose at least one permitted use.');
    expect(problem({ derivatives: true, royaltyBps: '10001' })).toBe('A derivative royalty is a whole number of basis points from 0 to 10000 (100 bps = 1 %); "10001" is too large.');
    expect(problem({ legalSha256: 'abc' })).toMatch(/^Legal text sha256: write the 64 hex digits/);
    expect(problem({ legalUri: ' ' })).toMatch(/^Legal text URI:/);
  });

  it('puts terms in one line', () => {
    const t = terms({ uses: ['Research', 'FineTuning'], derivatives: true, royaltyBps: '1000', cap: '3' });
    expect(describeTerms(t, (a) => `${a}u`, 1)).toBe('5000000000000u · 30 days from purchase · research, fine-tuning · derivatives owe 10 % · not transferable · 1 of 3 sold');
    expect(describeUses(0b1111)).toBe('research, commercial inference, fine-tuning, redistribution');
  });

  it("offers a model's uses for a model and a dataset's for a dataset, training at bit 0b1_0000", () => {
    expect(usesFor('Model').map((u) => u.use)).toEqual(['Research', 'CommercialInference', 'FineTuning', 'Redistribution']);
    expect(usesFor('Dataset').map((u) => u.use)).toEqual(['Research', 'Redistribution', 'Training']);
    expect(describeUses(0b1_1001)).toBe('research, redistribution, training');
    expect(terms({ uses: ['Research', 'Training'], derivatives: true, royaltyBps: '500' }).license).toEqual({ uses: 0b1_0001, derivativeRoyalty: 500, transferable: false });
  });
});

describe('license validity on chain time', () => {
  const license = (expiresAt: bigint | undefined) => ({ expiresAt }) as License;
  it('is valid while now < expires_at and expired from expires_at on (the contract rule)', () => {
    expect(licenseValidity(license(1_000_000n), 999_999n).valid).toBe(true);
    expect(licenseValidity(license(1_000_000n), 1_000_000n)).toEqual({ valid: false, text: 'expired at 1970-01-01 00:16:40 UTC' });
    expect(licenseValidity(license(undefined), 5n)).toEqual({ valid: true, text: 'perpetual: never expires' });
    expect(licenseValidity(license(86_400_000n + 3_600_000n + 60_000n), 0n).text).toContain('1 day 1 hour 1 minute from now');
  });
  it('writes what remains in whole units, rounded down', () => {
    expect(formatRemaining(2n * 86_400_000n + 59_999n)).toBe('2 days');
    expect(formatRemaining(59_999n)).toBe('59 seconds');
  });
});

describe("a license's standing", () => {
  const license = (epoch: number, expiresAt: bigint | undefined = 1_000_000n) => ({ epoch, expiresAt }) as License;
  const voided = [
    { from: 2, to: 4 },
    { from: 7, to: 8 },
  ];

  it('is voided when its sale epoch is inside a voided range (half-open: from <= epoch < to)', () => {
    expect([1, 2, 3, 4, 6, 7, 8].map((epoch) => isVoided(epoch, voided))).toEqual([false, true, true, false, false, true, false]);
    expect(isVoided(0, [])).toBe(false);
  });

  it('grants nothing when voided (even if unexpired), expired, or offered to another account; otherwise it grants', () => {
    const standing = (epoch: number, now: bigint, offeredTo?: string) => licenseStanding(license(epoch), now, voided, offeredTo);
    expect(standing(3, 0n)).toMatchObject({ state: 'voided', grants: false });
    expect(standing(3, 0n).text).toMatch(/^voided: an arbiter's ruling voided the licenses sold in owner epoch 3/);
    // Voided wins over expired and over a pending transfer: nothing brings it back.
    expect(standing(7, 2_000_000n, 'Charlie')).toMatchObject({ state: 'voided' });
    expect(standing(1, 1_000_000n)).toMatchObject({ state: 'expired', grants: false });
    expect(standing(4, 0n, 'Charlie')).toMatchObject({ state: 'offered', grants: false });
    expect(standing(4, 0n, 'Charlie').text).toMatch(/^offered to Charlie: grants nothing until they accept it or the offer is withdrawn/);
    expect(standing(4, 0n)).toMatchObject({ state: 'valid', grants: true });
    expect(licenseStanding({ epoch: 0, expiresAt: undefined } as License, 5n, [])).toEqual({ state: 'valid', grants: true, text: 'perpetual: never expires' });
  });
});

describe('what a withdrawal collects', () => {
  it('adds every round of the own models to owed_to, collects the largest 32 now, the rest next time', () => {
    const rounds = Array.from({ length: MAX_COLLECTED + 2 }, (_, i) => ({ model: BigInt(i + 1), pending: BigInt(100 + i) }));
    const owed = summarizeOwed(7n, rounds);
    const all = rounds.reduce((sum, r) => sum + r.pending, 0n);
    expect(owed.total).toBe(7n + all);
    expect(owed.collect).toHaveLength(MAX_COLLECTED);
    // Largest first: models 34..3; models 1 and 2 (the smallest rounds, 100 and 101) wait.
    expect(owed.collect[0]).toBe(34n);
    expect(owed.collect).not.toContain(1n);
    expect(owed.collect).not.toContain(2n);
    expect(owed.now).toBe(7n + all - 100n - 101n);
  });

  it('collects nothing without rounds, and orders equal rounds by model id', () => {
    expect(summarizeOwed(5n, [])).toEqual({ owedTo: 5n, rounds: [], collect: [], now: 5n, total: 5n });
    expect(summarizeOwed(0n, [{ model: 9n, pending: 1n }, { model: 3n, pending: 1n }]).collect).toEqual([3n, 9n]);
  });

  it("counts a model's split only when it was set in the current owner epoch", () => {
    expect(splitApplies({ splitEpoch: 2, epoch: 2 })).toBe(true);
    expect(splitApplies({ splitEpoch: 1, epoch: 2 })).toBe(false);
    expect(splitApplies({ splitEpoch: undefined, epoch: 0 })).toBe(false);
  });
});

describe('lineage layout', () => {
  const node = (model: number, parents: number[]): LineageNode => ({
    model: BigInt(model),
    name: `m${model}`,
    owner: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    parents: parents.map((p) => ({ model: BigInt(p), relation: 'FineTune', royaltyBps: 100 })),
  });
  it('puts each ancestor one column right of its furthest descendant', () => {
    // 4 derives from 3 and 1; 3 from 2; 2 from 1: 1 is three steps away by its longest path.
    const columns = columnsOf(4n, [node(4, [3, 1]), node(3, [2]), node(2, [1]), node(1, [])]);
    expect([...columns.entries()].sort((a, b) => Number(a[0] - b[0]))).toEqual([
      [1n, 3],
      [2n, 2],
      [3n, 1],
      [4n, 0],
    ]);
  });
});
