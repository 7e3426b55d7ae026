// How amounts, accounts, shares and times are written everywhere in the app (and
// in error messages), so that the same value always reads the same.
import { AccountId32, type AccountId32Like } from 'dedot/codecs';
import { cleanNumber, isNegative, U128_MAX } from './numbers';

/** The chain's token and address format (system properties and `System.SS58Prefix`). */
export interface Units {
  decimals: number;
  symbol: string;
  ss58Prefix: number;
}

/** What substrate-contracts-node --dev reports: used until the node has answered. */
export const DEV_UNITS: Units = { decimals: 12, symbol: 'UNIT', ss58Prefix: 42 };

/**
 * An amount in the chain's token, exact to the last unit: "5 UNIT",
 * "0.000000000001 UNIT", "1234.5 UNIT" (trailing zeros dropped, never rounded).
 */
export function formatBalance(amount: bigint, units: Units): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const scale = 10n ** BigInt(units.decimals);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(units.decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''} ${units.symbol}`;
}

/**
 * Parses a token amount typed by a user ("5", "0.25") into units. Returns an
 * error sentence for anything that is not an exact non-negative amount, and for
 * an amount above u128::MAX units: the contracts take a `Balance` (u128) and
 * dedot's codec would send such an amount modulo 2^128 (numbers.ts says why).
 */
export function parseBalance(text: string, units: Units): { value: bigint } | { error: string } {
  const trimmed = cleanNumber(text);
  if (isNegative(trimmed)) return { error: `"${text}" is negative; an amount is 0 or more.` };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) return { error: `"${text}" is not an amount: write digits, optionally with a decimal point.` };
  const fraction = match[2] ?? '';
  if (fraction.length > units.decimals) {
    return { error: `${units.symbol} has ${units.decimals} decimals; "${text}" has ${fraction.length}.` };
  }
  const value = BigInt(match[1]) * 10n ** BigInt(units.decimals) + BigInt(fraction.padEnd(units.decimals, '0') || '0');
  if (value > U128_MAX) {
    return { error: `"${text}" is more than the largest amount the contracts take, ${formatBalance(U128_MAX, units)} (2^128 - 1 units).` };
  }
  return { value };
}

/** An account as an SS58 address in the chain's format. */
export function formatAccount(account: AccountId32Like, units: Units): string {
  return new AccountId32(account).address(units.ss58Prefix);
}

/** A short form for lists: first and last characters of the SS58 address. */
export function shortAccount(account: AccountId32Like, units: Units): string {
  const address = formatAccount(account, units);
  return `${address.slice(0, 6)}…${address.slice(-6)}`;
}

/** Whether `text` is an SS58 (or 0x hex) account the chain can use. */
export function accountProblem(text: string): string | undefined {
  try {
    new AccountId32(text.trim());
    return undefined;
  } catch {
    return `"${text}" is not an account address (SS58, like 5GrwvaEF…).`;
  }
}

/** Basis points as a percentage: 1000 bps → "10 %". */
export function formatBps(bps: number): string {
  return `${trimDecimal(bps / 100)} %`;
}

/** Parts per million as a percentage: 700000 → "70 %". */
export function formatPpm(ppm: bigint | number): string {
  return `${trimDecimal(Number(ppm) / 10_000)} %`;
}

function trimDecimal(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '');
}

/** A block timestamp (ms since the epoch) as an UTC date and time. */
export function formatTimestamp(ms: bigint | number): string {
  const date = new Date(Number(ms));
  return Number.isNaN(date.getTime()) ? `${ms} ms` : `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}

/** A duration in ms in the largest whole unit that fits: "30 days", "2 hours", "1500 ms". */
export function formatDuration(ms: bigint | number): string {
  const value = BigInt(ms);
  const steps: [bigint, string][] = [
    [86_400_000n, 'day'],
    [3_600_000n, 'hour'],
    [60_000n, 'minute'],
    [1_000n, 'second'],
  ];
  for (const [size, name] of steps) {
    if (value >= size && value % size === 0n) {
      const count = value / size;
      return `${count} ${name}${count === 1n ? '' : 's'}`;
    }
  }
  return `${value} ms`;
}

/** 32 bytes as 0x-prefixed lowercase hex. */
export function hex(bytes: Uint8Array): `0x${string}` {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A size in bytes, in binary units: "512 B", "3.00 MiB", "24.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
