// Numbers typed in the forms are parsed into their codec's exact range or
// refused with a sentence (src/chain/numbers.ts); amounts (parseBalance) never
// go above u128::MAX units. These are the boundary tables, sentence by
// sentence; numbers.property.test.ts runs the same parsers through the SCALE
// codecs the app sends with.
import { describe, expect, it } from 'vitest';
import { DEV_UNITS, parseBalance } from '../../src/chain/format';
import {
  fieldError,
  parseBps,
  parseLicenseId,
  parseModelId,
  parsePpm,
  parseU128,
  parseU32,
  parseU64,
  U128_MAX,
  U32_MAX,
  U64_MAX,
  valueOf,
} from '../../src/chain/numbers';

const U64_RULE = 'A model id is a whole number from 1 to 18446744073709551615';

describe('model ids (u64 from 1)', () => {
  it.each([
    ['1', 1n],
    [' 42 ', 42n],
    ['007', 7n],
    ['1_000', 1000n],
    ['18446744073709551615', U64_MAX],
  ])('accept %j as %s', (text, value) => {
    expect(parseModelId(text)).toEqual({ value });
  });

  it.each([
    ['18446744073709551616', '"18446744073709551616" is too large'],
    ['18446744073709551617', '"18446744073709551617" is too large'],
    ['0', '"0" is too small'],
    ['-1', '"-1" is negative'],
    ['1.5', '"1.5" is not a whole number'],
    ['1.', '"1." is not a whole number'],
    ['', 'nothing was entered'],
    ['   ', 'nothing was entered'],
    ['abc', '"abc" is not written in plain digits'],
    ['+5', '"+5" is not written in plain digits'],
    ['1e3', '"1e3" is not written in plain digits'],
    ['0x10', '"0x10" is not written in plain digits'],
    ['1 000', '"1 000" is not written in plain digits'],
    ['٣', '"٣" is not written in plain digits'],
  ])('refuse %j: %s', (text, why) => {
    expect(parseModelId(text)).toEqual({ error: `${U64_RULE}; ${why}.` });
  });
});

describe('each codec range', () => {
  it('u32: 0 to 4294967295 as a number, narrowed by the field', () => {
    expect(parseU32('4294967295', 'A count')).toEqual({ value: U32_MAX });
    expect(parseU32('4294967296', 'A count')).toEqual({ error: 'A count is a whole number from 0 to 4294967295; "4294967296" is too large.' });
    expect(parseU32('0', 'A cap on sales', { min: 1, unit: 'licenses', note: ' (leave it empty for no cap)' })).toEqual({
      error: 'A cap on sales is a whole number of licenses from 1 to 4294967295 (leave it empty for no cap); "0" is too small.',
    });
    // A field cannot widen its codec's range.
    expect(parseU32('4294967296', 'A count', { max: 2 ** 40 })).toHaveProperty('error');
  });

  it('u64: ids and durations; a field max narrows it', () => {
    expect(parseU64('0', 'An offer id')).toEqual({ value: 0n });
    expect(parseU64('18446744073709551616', 'An offer id')).toEqual({
      error: 'An offer id is a whole number from 0 to 18446744073709551615; "18446744073709551616" is too large.',
    });
    expect(parseU64('11', 'A duration', { min: 1n, max: 10n, unit: 'days' })).toEqual({ error: 'A duration is a whole number of days from 1 to 10; "11" is too large.' });
    expect(parseLicenseId('18446744073709551617')).toEqual({
      error: 'A license id is a whole number from 1 to 18446744073709551615; "18446744073709551617" is too large.',
    });
  });

  it('u128: up to 2^128 - 1', () => {
    expect(parseU128('340282366920938463463374607431768211455', 'A count')).toEqual({ value: U128_MAX });
    expect(parseU128('340282366920938463463374607431768211456', 'A count')).toHaveProperty('error');
    expect(parseU128(String((1n << 128n) + 1n), 'A count')).toHaveProperty('error');
  });

  it('basis points: 0 to 10000, although the codec is a u16', () => {
    expect(parseBps('10000', 'A royalty')).toEqual({ value: 10_000 });
    expect(parseBps('0', 'A royalty')).toEqual({ value: 0 });
    expect(parseBps('10001', 'A royalty')).toEqual({ error: 'A royalty is a whole number of basis points from 0 to 10000 (100 bps = 1 %); "10001" is too large.' });
    expect(parseBps('65537', 'A royalty')).toHaveProperty('error');
    expect(parseBps('12.5', 'A royalty')).toEqual({ error: 'A royalty is a whole number of basis points from 0 to 10000 (100 bps = 1 %); "12.5" is not a whole number.' });
  });

  it('parts per million: 0 to 1000000, although the codec is a u32', () => {
    expect(parsePpm('1000000', 'A share')).toEqual({ value: 1_000_000 });
    expect(parsePpm('1000001', 'A share')).toEqual({
      error: 'A share is a whole number of parts per million from 0 to 1000000 (1000000 = 100 %); "1000001" is too large.',
    });
    expect(parsePpm('4294967297', 'A share')).toHaveProperty('error');
  });
});

describe('what a form shows', () => {
  it('shows no refusal for an empty field (not typed yet) and the sentence otherwise', () => {
    expect(fieldError('', parseModelId(''))).toBeUndefined();
    expect(fieldError('x', parseModelId('x'))).toBe(`${U64_RULE}; "x" is not written in plain digits.`);
    expect(fieldError('5', parseModelId('5'))).toBeUndefined();
    expect(valueOf(parseModelId('5'))).toBe(5n);
    expect(valueOf(parseModelId('18446744073709551617'))).toBeUndefined();
  });
});

describe('amounts (parseBalance) stay within u128 units', () => {
  const max = '340282366920938463463374607.431768211455'; // u128::MAX units at 12 decimals

  it('accept u128::MAX units exactly', () => {
    expect(parseBalance(max, DEV_UNITS)).toEqual({ value: U128_MAX });
  });

  it('refuse one unit more, 2^128 + 1 units, and far more, instead of wrapping', () => {
    const sentence = (text: string) =>
      `"${text}" is more than the largest amount the contracts take, 340282366920938463463374607.431768211455 UNIT (2^128 - 1 units).`;
    expect(parseBalance('340282366920938463463374607.431768211456', DEV_UNITS)).toEqual({ error: sentence('340282366920938463463374607.431768211456') });
    expect(parseBalance('340282366920938463463374607.431768211457', DEV_UNITS)).toHaveProperty('error'); // 2^128 + 1 units
    expect(parseBalance('1' + '0'.repeat(40), DEV_UNITS)).toHaveProperty('error');
  });

  it('refuse negative amounts with their own sentence', () => {
    expect(parseBalance('-1', DEV_UNITS)).toEqual({ error: '"-1" is negative; an amount is 0 or more.' });
    expect(parseBalance(' -0.5 ', DEV_UNITS)).toEqual({ error: '" -0.5 " is negative; an amount is 0 or more.' });
  });

  it('refuse signs, exponents and hex', () => {
    for (const text of ['+1', '1e3', '0x10', '1,5', '']) {
      expect(parseBalance(text, DEV_UNITS)).toEqual({ error: `"${text}" is not an amount: write digits, optionally with a decimal point.` });
    }
  });
});
