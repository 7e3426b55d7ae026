// The property behind numbers.ts: for every range, whatever a user types,
// parse → encode with the codec the app sends it with → decode gives back the
// parsed value, and that value is the number the user typed; or the parse is a
// refusal. Never another number. dedot's integer codecs encode modulo 2^bits
// (the first test shows it), so a value outside the range would come back as
// a different number here.
//
// The codecs are the ones dedot's Contract encodes each message's arguments
// with (`TypinkRegistry.findCodec(arg type).tryEncode`, executor/ink/abstract/
// Executor.js), taken from the contracts' metadata by message and argument or
// by type and field, so a change of width in a contract shows up here.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TypinkRegistry, type ContractMetadata } from 'dedot/contracts';
import { loadMetadata } from '../../src/chain/contracts';
import type { ContractName } from '../../src/chain/deployment';
import { DEV_UNITS, formatBalance, parseBalance } from '../../src/chain/format';
import { parseBps, parseLicenseId, parseModelId, parsePpm, parseU128, parseU32, parseU64, type Parsed, U128_MAX, U32_MAX, U64_MAX } from '../../src/chain/numbers';
import { EMPTY_OFFER_FORM, parseOfferTerms, type OfferForm } from '../../src/pages/market';

// Each contract's metadata is a chunk the app loads on demand; the tests take all three.
const METADATA = { registry: await loadMetadata('registry'), market: await loadMetadata('market'), gateway: await loadMetadata('gateway') };

interface Codec {
  tryEncode(value: unknown): Uint8Array;
  tryDecode(input: Uint8Array): unknown;
}
interface MetaType {
  id: number;
  type: { path?: string[]; def: { primitive?: string; composite?: { fields: { name: string; type: number }[] }; variant?: unknown } };
}
type Metadata = ContractMetadata & { types: MetaType[]; spec: { messages: { label: string; args: { label: string; type: { type: number } }[] }[] } };

const registries = new Map<ContractName, TypinkRegistry>();
function registryOf(contract: ContractName): TypinkRegistry {
  if (!registries.has(contract)) registries.set(contract, new TypinkRegistry(METADATA[contract] as unknown as ContractMetadata));
  return registries.get(contract)!;
}
const metadataOf = (contract: ContractName) => METADATA[contract] as unknown as Metadata;
const typeById = (contract: ContractName, id: number) => metadataOf(contract).types.find((t) => t.id === id)!;

/** The type id of a message argument, e.g. market `buy` → `max_price`. */
function argType(contract: ContractName, message: string, arg: string): number {
  const m = metadataOf(contract).spec.messages.find((x) => x.label === message);
  const a = m?.args.find((x) => x.label === arg);
  if (!a) throw new Error(`${contract} has no message ${message}(${arg})`);
  return a.type.type;
}

/** The type id of a struct field, e.g. `OfferTerms.cap`. */
function fieldType(contract: ContractName, struct: string, field: string): number {
  const t = metadataOf(contract).types.find((x) => x.type.path?.at(-1) === struct);
  const f = t?.type.def.composite?.fields?.find((x) => x.name === field);
  if (!f) throw new Error(`${contract} has no ${struct}.${field}`);
  return f.type;
}

/** The primitive under a type (through `Option<T>`), to pin the width the test assumes. */
function primitiveOf(contract: ContractName, id: number): string | undefined {
  const t = typeById(contract, id);
  if (t.type.def.primitive) return t.type.def.primitive;
  if (t.type.path?.[0] === 'Option') {
    const some = (t.type.def.variant as { variants: { name: string; fields?: { type: number }[] }[] }).variants.find((v) => v.name === 'Some');
    return some?.fields?.[0] && primitiveOf(contract, some.fields[0].type);
  }
  return undefined;
}

const codec = (contract: ContractName, id: number) => registryOf(contract).findCodec(id) as unknown as Codec;
const roundTrip = (c: Codec, value: unknown) => c.tryDecode(c.tryEncode(value));

// What a user might type: plain numbers on both sides of every boundary, the
// same decorated (space, separators, signs, leading zeros, fractions,
// exponents, hex), and any string at all.
const BOUNDARIES = [
  '0', '1', '-1', '-0', '1.5', '1.0', '.5', '', ' ', 'abc', '+1', ' 7 ', '\t8\n', '1e3', '1E3', '0x10', '0b1', '1_0', '_', '٣', '١٢',
  '10000', '10001', '65535', '65536', '65537', '1000000', '1000001',
  String(U32_MAX), String(U32_MAX + 1), String(2 ** 32 + 1),
  String(U64_MAX), String(U64_MAX + 1n), String((1n << 64n) + 1n), `+${U64_MAX}`, `${U64_MAX}.0`,
  String(U128_MAX), String(U128_MAX + 1n), String((1n << 128n) + 1n), String(1n << 200n), `-${U128_MAX}`,
];
const interesting = [0n, 1n, 10_000n, 1_000_000n, BigInt(U32_MAX), U64_MAX, U128_MAX].flatMap((b) => [b - 1n, b, b + 1n, b + 2n]);
const integerText = fc.oneof(
  fc.constantFrom(...interesting).map(String),
  fc.bigInt({ min: -(1n << 130n), max: 1n << 130n }).map(String),
  fc.bigInt({ min: 0n, max: 20_000n }).map(String),
);
const typed = fc.oneof(
  fc.constantFrom(...BOUNDARIES),
  integerText,
  fc.tuple(fc.constantFrom('', ' ', '+', '-', '0', '00', '0x', '_', '\t'), integerText, fc.constantFrom('', ' ', '.', '.5', '.0', 'e3', '_0', 'n', ' 1')).map((p) => p.join('')),
  fc.string(),
);

/** The number a user typed, read independently of numbers.ts: digits, `_` between digits, space around. */
function meant(text: string): bigint | undefined {
  const m = /^\s*([0-9]+(?:_[0-9]+)*)\s*$/.exec(text);
  return m ? BigInt(m[1].replace(/_/g, '')) : undefined;
}

/** The units a user typed as an amount, read independently of format.ts: whole and fraction digits, 12 decimals. */
function meantUnits(text: string): bigint | undefined {
  const m = /^\s*([0-9]+(?:_[0-9]+)*)(?:\.((?:[0-9]+(?:_[0-9]+)*)?))?\s*$/.exec(text);
  if (!m) return undefined;
  const fraction = (m[2] ?? '').replace(/_/g, '');
  if (fraction.length > DEV_UNITS.decimals) return undefined;
  return BigInt(m[1].replace(/_/g, '') + fraction.padEnd(DEV_UNITS.decimals, '0'));
}

interface Case {
  name: string;
  parse: (text: string) => Parsed<bigint | number>;
  lo: bigint;
  hi: bigint;
  /** How the app sends this value: contract, type id, and the primitive that type must be. */
  contract: ContractName;
  type: number;
  primitive: string;
}

const CASES: Case[] = [
  { name: 'u64 (buy: offer id)', parse: (t) => parseU64(t, 'An offer id'), lo: 0n, hi: U64_MAX, contract: 'market', type: argType('market', 'buy', 'offer'), primitive: 'u64' },
  { name: 'model id (buy: model)', parse: (t) => parseModelId(t), lo: 1n, hi: U64_MAX, contract: 'market', type: argType('market', 'buy', 'model'), primitive: 'u64' },
  { name: 'model id (registry set_uri)', parse: (t) => parseModelId(t), lo: 1n, hi: U64_MAX, contract: 'registry', type: argType('registry', 'set_uri', 'model'), primitive: 'u64' },
  { name: 'license id (renew)', parse: parseLicenseId, lo: 1n, hi: U64_MAX, contract: 'market', type: argType('market', 'renew', 'license'), primitive: 'u64' },
  { name: 'u128 (buy: max_price)', parse: (t) => parseU128(t, 'A count'), lo: 0n, hi: U128_MAX, contract: 'market', type: argType('market', 'buy', 'max_price'), primitive: 'u128' },
  { name: 'u32 (OfferTerms.cap)', parse: (t) => parseU32(t, 'A cap'), lo: 0n, hi: BigInt(U32_MAX), contract: 'market', type: fieldType('market', 'OfferTerms', 'cap'), primitive: 'u32' },
  { name: 'bps (approve_derivative: royalty_bps)', parse: (t) => parseBps(t, 'A royalty'), lo: 0n, hi: 10_000n, contract: 'registry', type: argType('registry', 'approve_derivative', 'royalty_bps'), primitive: 'u16' },
  { name: 'bps (ParentRequest.max_royalty_bps)', parse: (t) => parseBps(t, 'A royalty'), lo: 0n, hi: 10_000n, contract: 'registry', type: fieldType('registry', 'ParentRequest', 'max_royalty_bps'), primitive: 'u16' },
  { name: 'bps (LicenseTerms.derivative_royalty)', parse: (t) => parseBps(t, 'A royalty'), lo: 0n, hi: 10_000n, contract: 'market', type: fieldType('market', 'LicenseTerms', 'derivative_royalty'), primitive: 'u16' },
  { name: 'ppm (Recipient.share)', parse: (t) => parsePpm(t, 'A share'), lo: 0n, hi: 1_000_000n, contract: 'market', type: fieldType('market', 'Recipient', 'share'), primitive: 'u32' },
];

/** The whole property for one input: a refusal, or the typed number, in range, that survives the codec. */
function check(c: Case, text: string): void {
  const parsed = c.parse(text);
  const expected = meant(text);
  if ('error' in parsed) {
    expect(parsed.error).toMatch(/^[A-Z].* is a whole number .*; .*\.$/s);
    expect(expected === undefined || expected < c.lo || expected > c.hi, `refused ${JSON.stringify(text)}: ${parsed.error}`).toBe(true);
    return;
  }
  expect(BigInt(parsed.value), `accepted ${JSON.stringify(text)}`).toBe(expected);
  expect(BigInt(parsed.value) >= c.lo && BigInt(parsed.value) <= c.hi).toBe(true);
  expect(roundTrip(codec(c.contract, c.type), parsed.value)).toEqual(parsed.value);
}

describe('the codecs the app sends with', () => {
  it('wrap silently, which is why numbers are parsed first', () => {
    const u64 = codec('market', argType('market', 'buy', 'model'));
    expect(roundTrip(u64, (1n << 64n) + 1n)).toBe(1n);
    const u128 = codec('market', argType('market', 'buy', 'max_price'));
    expect(roundTrip(u128, (1n << 128n) + 1n)).toBe(1n);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s has the width the parser assumes', (_, c) => {
    expect(primitiveOf(c.contract, c.type)).toBe(c.primitive);
  });
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
  it('refuses or round-trips every boundary', () => {
    for (const text of BOUNDARIES) check(c, text);
    for (const b of interesting) check(c, String(b));
  });

  it('refuses or round-trips anything typed (fast-check)', () => {
    fc.assert(fc.property(typed, (text) => check(c, text)), { numRuns: 300 });
  });

  it('accepts every plain number in range as itself (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: c.lo, max: c.hi }), (n) => {
        expect(BigInt(valueOrThrow(c.parse(String(n))))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

function valueOrThrow<T>(parsed: Parsed<T>): T {
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.value;
}

describe('amounts (parseBalance, u128 units)', () => {
  const u128 = codec('market', argType('market', 'buy', 'max_price'));
  const amountText = fc.oneof(
    typed,
    fc.tuple(fc.bigInt({ min: 0n, max: 1n << 130n }), fc.integer({ min: 0, max: 14 })).map(([n, d]) => {
      const s = n.toString().padStart(d + 1, '0');
      return d === 0 ? s : `${s.slice(0, -d)}.${s.slice(-d)}`;
    }),
    fc.constantFrom('340282366920938463463374607.431768211455', '340282366920938463463374607.431768211456', '340282366920938463463374607.431768211457', '-0.000000000001'),
  );

  it('refuses or round-trips, exact to the unit, and never above u128::MAX units (fast-check)', () => {
    fc.assert(
      fc.property(amountText, (text) => {
        const parsed = parseBalance(text, DEV_UNITS);
        const expected = meantUnits(text);
        if ('error' in parsed) {
          expect(expected === undefined || expected > U128_MAX, `refused ${JSON.stringify(text)}: ${parsed.error}`).toBe(true);
          return;
        }
        expect(parsed.value).toBe(expected);
        expect(parsed.value <= U128_MAX).toBe(true);
        expect(roundTrip(u128, parsed.value)).toBe(parsed.value);
        // What the app shows is what it sends: the formatted amount parses back to the same units.
        expect(parseBalance(formatBalance(parsed.value, DEV_UNITS).split(' ')[0], DEV_UNITS)).toEqual({ value: parsed.value });
      }),
      { numRuns: 500 },
    );
  });
});

describe('the create-offer form (create_offer terms)', () => {
  const terms = codec('market', argType('market', 'create_offer', 'terms'));
  const HASH = `0x${'ab'.repeat(32)}`;
  const MS = { days: 86_400_000n, hours: 3_600_000n, minutes: 60_000n } as const;
  const form = fc.record({
    price: fc.oneof(typed, fc.constantFrom('5', '340282366920938463463374607.431768211455', '340282366920938463463374607.431768211456')),
    duration: fc.oneof(typed, fc.constantFrom('213503982334', '213503982335', '5124095576030431', '5124095576030432')),
    durationUnit: fc.constantFrom('days', 'hours', 'minutes', 'perpetual') as fc.Arbitrary<OfferForm['durationUnit']>,
    cap: fc.oneof(fc.constant(''), typed),
    derivatives: fc.boolean(),
    royaltyBps: typed,
  });

  it('sends the numbers typed, or refuses: duration × unit fits a u64 of ms (fast-check)', () => {
    fc.assert(
      fc.property(form, (patch) => {
        const parsed = parseOfferTerms({ ...EMPTY_OFFER_FORM, ...patch, uses: ['Research', 'FineTuning'], legalUri: 'ipfs://x', legalSha256: HASH }, DEV_UNITS);
        // Everything else in the form is valid: a refusal is right exactly when a number typed is not one or is out of its range.
        const within = (text: string, lo: bigint, hi: bigint) => {
          const n = meant(text);
          return n !== undefined && n >= lo && n <= hi;
        };
        const units = meantUnits(patch.price);
        const fits =
          units !== undefined &&
          units <= U128_MAX &&
          (patch.durationUnit === 'perpetual' || within(patch.duration, 1n, U64_MAX / MS[patch.durationUnit])) &&
          (patch.cap.trim() === '' || within(patch.cap, 1n, BigInt(U32_MAX))) &&
          (!patch.derivatives || within(patch.royaltyBps, 0n, 10_000n));
        expect('terms' in parsed, 'error' in parsed ? parsed.error : 'accepted').toBe(fits);
        if ('error' in parsed) return;
        const t = parsed.terms;
        expect(roundTrip(terms, t)).toEqual({ ...t, legal: { hash: HASH, uri: 'ipfs://x' } });
        if (patch.durationUnit !== 'perpetual') expect(t.duration).toEqual({ type: 'Period', value: meant(patch.duration)! * MS[patch.durationUnit] });
        expect(t.cap).toBe(patch.cap.trim() === '' ? undefined : Number(meant(patch.cap)));
        expect(t.license.derivativeRoyalty).toBe(patch.derivatives ? Number(meant(patch.royaltyBps)) : undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the first duration that would not fit, in each unit', () => {
    for (const [unit, ms] of Object.entries(MS) as [keyof typeof MS, bigint][]) {
      const max = U64_MAX / ms;
      const at = (duration: string) => parseOfferTerms({ ...EMPTY_OFFER_FORM, price: '1', duration, durationUnit: unit, legalUri: 'ipfs://x', legalSha256: HASH }, DEV_UNITS);
      expect(at(String(max))).toMatchObject({ terms: { duration: { type: 'Period', value: max * ms } } });
      expect(at(String(max + 1n))).toEqual({ error: `A duration is a whole number of ${unit} from 1 to ${max}; "${max + 1n}" is too large.` });
    }
  });
});
