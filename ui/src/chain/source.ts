// Which source the contracts on the chain were built from: the code hash of
// each one (read from the chain on Connect, connection.ts) against the code
// hashes this app was built with (src/contracts/build-info.json, copied by
// `npm run gen` from scripts/build.sh's build-info.json, the same build the
// app's metadata and bindings come from). All four equal: the chain runs the
// code of the commit the app names. Any other answer is information for the
// user, never a reason to stop: the app works the same either way.
import buildInfoJson from '../contracts/build-info.json';

/** Every piece of code a deployment runs: the three contracts and the market's desk. */
export const SOURCE_CONTRACTS = ['registry', 'market_desk', 'market', 'gateway'] as const;
export type SourceContract = (typeof SOURCE_CONTRACTS)[number];

/** A code hash per piece of code, `0x` + 64 hex digits (blake2-256 of the Wasm). */
export type CodeHashes = Record<SourceContract, string>;

/** What scripts/build.sh recorded about the build the app was generated from (the fields the app reads). */
export interface BuildInfo {
  /** The commit built; null outside a git checkout. */
  commit: string | null;
  /** Whether the working tree had uncommitted changes; null outside a git checkout. */
  dirty: boolean | null;
  code_hashes: CodeHashes;
}

export interface CodeDifference {
  contract: SourceContract;
  onChain: string;
  built: string;
}

export type SourceCheck =
  | { status: 'verified'; commit: string | null; dirty: boolean }
  | { status: 'differs'; commit: string | null; dirty: boolean; differences: CodeDifference[] };

/** `0x` + lower-case hex, whatever the input's case or prefix. */
export function normalHash(hash: string): string {
  return `0x${hash.trim().toLowerCase().replace(/^0x/, '')}`;
}

/** Checks the fields the app reads; throws an Error naming what is missing. */
export function parseBuildInfo(body: unknown): BuildInfo {
  const fail = (what: string): never => {
    throw new Error(`src/contracts/build-info.json ${what}: build the contracts (scripts/build.sh) and run npm run gen`);
  };
  if (typeof body !== 'object' || body === null) return fail('is not an object');
  const info = body as Record<string, unknown>;
  if (info.commit !== null && typeof info.commit !== 'string') fail('has no "commit"');
  if (info.dirty !== null && typeof info.dirty !== 'boolean') fail('has no "dirty"');
  const hashes = info.code_hashes as Record<string, unknown> | undefined;
  if (typeof hashes !== 'object' || hashes === null) return fail('has no "code_hashes"');
  const code_hashes = {} as CodeHashes;
  for (const contract of SOURCE_CONTRACTS) {
    const hash = hashes[contract];
    if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) fail(`has no code hash for ${contract}`);
    code_hashes[contract] = normalHash(hash as string);
  }
  return { commit: info.commit as string | null, dirty: info.dirty as boolean | null, code_hashes };
}

/** The build this app was generated from. */
export const BUILD_INFO: BuildInfo = parseBuildInfo(buildInfoJson);

/** Compares the code on the chain with the code of the build; differences in SOURCE_CONTRACTS order. */
export function compareSource(onChain: CodeHashes, build: BuildInfo = BUILD_INFO): SourceCheck {
  const differences: CodeDifference[] = [];
  for (const contract of SOURCE_CONTRACTS) {
    const chain = normalHash(onChain[contract]);
    const built = normalHash(build.code_hashes[contract]);
    if (chain !== built) differences.push({ contract, onChain: chain, built });
  }
  const commit = build.commit;
  const dirty = build.dirty === true;
  return differences.length === 0 ? { status: 'verified', commit, dirty } : { status: 'differs', commit, dirty, differences };
}

/** The first 12 hex digits of a commit, as git shows it. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}

/** `0x` and the first 8 hex digits of a hash, enough to tell two apart at a glance. */
export function shortHash(hash: string): string {
  return `${normalHash(hash).slice(0, 10)}…`;
}

/** The contracts as the app's pages name them. */
const LABELS: Record<SourceContract, string> = {
  registry: 'model registry',
  market_desk: "market's desk (the code behind most of the market's actions)",
  market: 'market',
  gateway: 'gateway',
};

/** Which build the app was made from, in words: "commit 0123456789ab + uncommitted changes". */
export function buildText(check: Pick<SourceCheck, 'commit' | 'dirty'>): string {
  const commit = check.commit ? `commit ${shortCommit(check.commit)}` : 'a build without a recorded commit';
  return check.dirty ? `${commit} + uncommitted changes` : commit;
}

/** The headline: "Verified source: commit …", or that the chain runs other code. */
export function sourceHeadline(check: SourceCheck): string {
  if (check.status === 'verified') return `Verified source: ${buildText(check)}`;
  return check.differences.length === 1
    ? `The ${LABELS[check.differences[0].contract]} on this chain is not the code this app was built for.`
    : `${check.differences.length} of ModelMint's contracts on this chain are not the code this app was built for.`;
}

/** One sentence per contract that differs, with both hashes shortened. */
export function differenceText(difference: CodeDifference): string {
  return (
    `The ${LABELS[difference.contract]} on this chain runs other code than this app was built for ` +
    `(chain ${shortHash(difference.onChain)}, app ${shortHash(difference.built)}).`
  );
}

/** What follows the differences: what it means for the user. */
export function differsAdvice(check: SourceCheck): string {
  return (
    `This app was built from ${buildText(check)}. You can go on using it, but what it shows and checks ` +
    'before you sign may not match what these contracts do: ask the operator of this deployment which ' +
    'source it runs, or use a version of the app built for it.'
  );
}
