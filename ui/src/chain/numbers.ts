// Whole numbers typed by a user, parsed into the exact range of the SCALE codec
// they are sent with, or refused with a sentence.
//
// Why this module exists: dedot's integer codecs do not check their input, they
// encode modulo 2^32, 2^64 or 2^128 (`u64` writes the low 64 bits and drops the
// rest). A model id of 2^64 + 1 would go out as model 1 and an offer would be
// created for the wrong model while the page still names the typed id. So every
// number a form sends is parsed here first, into its codec's range (and the
// contract's narrower one where it has one: basis points, parts per million),
// and a refusal means nothing is encoded or sent. One function per range; the
// pages and chain helpers call these and never check digits themselves.
//
// Accepted: ASCII digits, surrounding whitespace ignored, `_` between two
// digits as a separator (as parseBalance). Refused: empty, negative, fractional, signs
// (`+5`), exponents (`1e3`), hex (`0x10`), anything out of range. Results
// follow format.ts: `{ value }` or `{ error }` with a whole sentence.

/** A parsed input: the value, or a sentence saying what is wrong. */
export type Parsed<T> = { value: T } | { error: string };

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffff_ffff;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;
/** Basis points (`Bps`, a u16): 10 000 is 100 %. */
export const BPS_MAX = 10_000;
/** Parts per million (a royalty split's `Share`, a u32): 1 000 000 is 100 %. */
export const PPM_MAX = 1_000_000;

/**
 * How a field narrows its codec's range and names its unit. `min` and `max`
 * can only narrow: a `max` above the codec's maximum is the codec's maximum.
 */
export interface Range<T> {
  min?: T;
  max?: T;
  /** The unit after "a whole number of", e.g. "days", "licenses". */
  unit?: string;
  /** Appended to the rule, e.g. " (leave it empty for no cap)". */
  note?: string;
}

/**
 * The digits a user meant, with the separators and surrounding space a person
 * types removed; parseBalance reads amounts with the same rule. Only a `_`
 * between two digits is a separator ("1_000"); any other stays and is refused.
 */
export function cleanNumber(text: string): string {
  return text.trim().replace(/(?<=\d)_(?=\d)/g, '');
}

/** Whether cleaned input is a negative number ("-1", "- 2.5"), refused as such rather than as "not digits". */
export function isNegative(clean: string): boolean {
  return /^-\s*(\d+\.?\d*|\.\d+)$/.test(clean);
}

/** Why `text` is not a whole number, when it is not plain digits. */
function notDigits(text: string, clean: string): string {
  if (clean === '') return 'nothing was entered';
  if (isNegative(clean)) return `"${text}" is negative`;
  if (/^\d*\.\d*$/.test(clean) && /\d/.test(clean)) return `"${text}" is not a whole number`;
  return `"${text}" is not written in plain digits`;
}

/**
 * The one rule: `text` as a whole number within lo..=hi (both already inside
 * the codec's range), or the refusal "<what> is a whole number [of unit] from
 * lo to hi[note]; <why>.".
 */
function parseWhole(text: string, what: string, lo: bigint, hi: bigint, unit?: string, note = ''): Parsed<bigint> {
  const rule = `${what} is a whole number${unit ? ` of ${unit}` : ''} from ${lo} to ${hi}${note}`;
  const clean = cleanNumber(text);
  if (!/^\d+$/.test(clean)) return { error: `${rule}; ${notDigits(text, clean)}.` };
  const value = BigInt(clean);
  if (value > hi) return { error: `${rule}; "${text}" is too large.` };
  if (value < lo) return { error: `${rule}; "${text}" is too small.` };
  return { value };
}

/** The narrower of a field's range and its codec's range. */
function bounds(codecMax: bigint, range: Range<bigint>): [bigint, bigint] {
  const lo = range.min !== undefined && range.min > 0n ? range.min : 0n;
  const hi = range.max !== undefined && range.max < codecMax ? range.max : codecMax;
  return [lo, hi];
}

const big = (range: Range<number>): Range<bigint> => ({
  ...range,
  min: range.min === undefined ? undefined : BigInt(range.min),
  max: range.max === undefined ? undefined : BigInt(range.max),
});

const asNumber = (parsed: Parsed<bigint>): Parsed<number> => ('error' in parsed ? parsed : { value: Number(parsed.value) });

/**
 * A u32 (caps on sales, counts): a JS number, exact since it is below 2^53.
 * `what` starts the refusal: "A cap on sales", "The count".
 */
export function parseU32(text: string, what: string, range: Range<number> = {}): Parsed<number> {
  const [lo, hi] = bounds(BigInt(U32_MAX), big(range));
  return asNumber(parseWhole(text, what, lo, hi, range.unit, range.note));
}

/** A u64 (model, offer, license and dispute ids; durations and times in ms). */
export function parseU64(text: string, what: string, range: Range<bigint> = {}): Parsed<bigint> {
  const [lo, hi] = bounds(U64_MAX, range);
  return parseWhole(text, what, lo, hi, range.unit, range.note);
}

/** A u128 counted in whole units (amounts typed in the token go through parseBalance instead). */
export function parseU128(text: string, what: string, range: Range<bigint> = {}): Parsed<bigint> {
  const [lo, hi] = bounds(U128_MAX, range);
  return parseWhole(text, what, lo, hi, range.unit, range.note);
}

/** Basis points, sent as a u16 but meaningful only up to 10 000 (100 %): the contracts refuse more. */
export function parseBps(text: string, what: string): Parsed<number> {
  return asNumber(parseWhole(text, what, 0n, BigInt(BPS_MAX), 'basis points', ' (100 bps = 1 %)'));
}

/** Parts per million of a royalty split, sent as a u32 but at most 1 000 000 (100 %) by the market's rules. */
export function parsePpm(text: string, what: string, range: Pick<Range<number>, 'min'> = {}): Parsed<number> {
  const lo = range.min !== undefined && range.min > 0 ? BigInt(range.min) : 0n;
  return asNumber(parseWhole(text, what, lo, BigInt(PPM_MAX), 'parts per million', ' (1000000 = 100 %)'));
}

/** A model id: a u64, and the registry issues them from 1, so 0 never names a model. */
export function parseModelId(text: string, what = 'A model id'): Parsed<bigint> {
  return parseU64(text, what, { min: 1n });
}

/** A license id: a u64 the market issues from 1. */
export function parseLicenseId(text: string): Parsed<bigint> {
  return parseU64(text, 'A license id', { min: 1n });
}

/** The value, or undefined when refused: for inputs that only select what a page reads. */
export function valueOf<T>(parsed: Parsed<T>): T | undefined {
  return 'value' in parsed ? parsed.value : undefined;
}

/** The refusal to show under a field, or nothing while the field is empty (not typed yet). */
export function fieldError(text: string, parsed: Parsed<unknown>): string | undefined {
  return text.trim() !== '' && 'error' in parsed ? parsed.error : undefined;
}
