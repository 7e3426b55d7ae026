// A royalty split as the market takes it (set_split): recipients with shares in
// parts per million that add up to exactly 1 000 000 (docs/contracts.md, "Where the money goes"). The
// editor checks the same rules before its dry run, so the user sees which row
// is wrong; the contract stays the judge (its refusal is shown as well).
import { accountProblem } from './format';
import { parsePpm, PPM_MAX } from './numbers';

/** 100 %: the shares add up to exactly this (numbers.ts PPM_MAX, also each share's maximum). */
export const SHARE_SCALE = PPM_MAX;
export const MAX_RECIPIENTS = 32;

export interface ShareRow {
  account: string;
  /** Parts per million as typed. */
  share: string;
}

export interface Recipient {
  account: string;
  share: number;
}

/** The rows as recipients, or the first problem as a sentence. */
export function parseSplit(rows: ShareRow[]): { recipients: Recipient[] } | { error: string } {
  if (rows.length === 0) return { error: 'A split needs at least one recipient.' };
  if (rows.length > MAX_RECIPIENTS) return { error: `A split has at most ${MAX_RECIPIENTS} recipients; this one has ${rows.length}.` };
  const recipients: Recipient[] = [];
  const seen = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    const n = index + 1;
    const account = row.account.trim();
    const problem = accountProblem(account);
    if (problem) return { error: `Recipient ${n}: ${problem}` };
    const parsed = parsePpm(row.share, `Recipient ${n}'s share`);
    if ('error' in parsed) return parsed;
    const share = parsed.value;
    if (share === 0) return { error: `Recipient ${n} has a share of zero.` };
    const earlier = seen.get(account);
    if (earlier !== undefined) return { error: `Recipient ${n} is the same account as recipient ${earlier}.` };
    seen.set(account, n);
    recipients.push({ account, share });
  }
  const total = recipients.reduce((sum, r) => sum + r.share, 0);
  if (total !== SHARE_SCALE) {
    return { error: `The shares add up to ${total} parts per million instead of exactly 1 000 000 (${total < SHARE_SCALE ? SHARE_SCALE - total + ' missing' : total - SHARE_SCALE + ' too many'}).` };
  }
  return { recipients };
}
