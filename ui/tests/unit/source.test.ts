// The verified-source check (src/chain/source.ts): the code hashes read from the chain
// against the build the app was generated from, and the words the Connect page shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILD_INFO,
  buildText,
  compareSource,
  differenceText,
  differsAdvice,
  parseBuildInfo,
  shortHash,
  sourceHeadline,
  type BuildInfo,
  type CodeHashes,
} from '../../src/chain/source';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const HASHES: CodeHashes = {
  registry: `0x${'11'.repeat(32)}`,
  market_desk: `0x${'22'.repeat(32)}`,
  market: `0x${'33'.repeat(32)}`,
  gateway: `0x${'44'.repeat(32)}`,
};
const BUILD: BuildInfo = { commit: COMMIT, dirty: false, code_hashes: HASHES };
const OTHER = `0x1234abcd${'ee'.repeat(28)}`;

describe('compareSource', () => {
  it('verifies a chain that runs every contract of the build, whatever the hex case', () => {
    const onChain = { ...HASHES, gateway: HASHES.gateway.toUpperCase().replace('0X', '0x') };
    const check = compareSource(onChain, BUILD);
    expect(check).toEqual({ status: 'verified', commit: COMMIT, dirty: false });
    expect(sourceHeadline(check)).toBe('Verified source: commit 0123456789ab');
  });

  it('names the one contract that differs, with both hashes', () => {
    const check = compareSource({ ...HASHES, gateway: OTHER }, BUILD);
    expect(check).toEqual({
      status: 'differs',
      commit: COMMIT,
      dirty: false,
      differences: [{ contract: 'gateway', onChain: OTHER, built: HASHES.gateway }],
    });
    if (check.status !== 'differs') throw new Error('unreachable');
    expect(sourceHeadline(check)).toBe('The gateway on this chain is not the code this app was built for.');
    expect(differenceText(check.differences[0])).toBe(
      'The gateway on this chain runs other code than this app was built for (chain 0x1234abcd…, app 0x44444444…).',
    );
    expect(differsAdvice(check)).toContain('This app was built from commit 0123456789ab.');
    expect(differsAdvice(check)).toContain('You can go on using it');
  });

  it('lists every contract that differs, the desk by the name users know', () => {
    const check = compareSource({ ...HASHES, registry: OTHER, market_desk: OTHER }, BUILD);
    if (check.status !== 'differs') throw new Error(`expected differences, got ${check.status}`);
    expect(check.differences.map((d) => d.contract)).toEqual(['registry', 'market_desk']);
    expect(sourceHeadline(check)).toBe("2 of ModelMint's contracts on this chain are not the code this app was built for.");
    expect(differenceText(check.differences[0])).toMatch(/^The model registry on this chain runs other code/);
    expect(differenceText(check.differences[1])).toMatch(/^The market's desk \(the code behind most of the market's actions\) on this chain/);
  });

  it('says when the build had uncommitted changes', () => {
    const check = compareSource(HASHES, { ...BUILD, dirty: true });
    expect(check).toEqual({ status: 'verified', commit: COMMIT, dirty: true });
    expect(sourceHeadline(check)).toBe('Verified source: commit 0123456789ab + uncommitted changes');
    const differs = compareSource({ ...HASHES, market: OTHER }, { ...BUILD, dirty: true });
    expect(differsAdvice(differs)).toContain('built from commit 0123456789ab + uncommitted changes.');
  });

  it('says so when the build recorded no commit (outside a git checkout)', () => {
    const check = compareSource(HASHES, { commit: null, dirty: null, code_hashes: HASHES });
    expect(check).toEqual({ status: 'verified', commit: null, dirty: false });
    expect(buildText(check)).toBe('a build without a recorded commit');
  });

  it('shortens hashes to 0x and 8 hex digits', () => {
    expect(shortHash('ABCDEF0123456789')).toBe('0xabcdef01…');
  });
});

describe('the build the app was generated from', () => {
  it('parses a build-info.json and refuses one without every code hash', () => {
    const body = { commit: COMMIT, dirty: true, changes: 'x', mode: 'release', code_hashes: HASHES };
    expect(parseBuildInfo(body)).toEqual({ commit: COMMIT, dirty: true, code_hashes: HASHES });
    const { gateway: _gateway, ...partial } = HASHES;
    expect(() => parseBuildInfo({ ...body, code_hashes: partial })).toThrow('has no code hash for gateway');
    expect(() => parseBuildInfo({ ...body, commit: 7 })).toThrow('has no "commit"');
    expect(() => parseBuildInfo(null)).toThrow('is not an object');
  });

  it('is the build of the metadata the app speaks (npm run gen copies both)', () => {
    for (const contract of ['registry', 'market', 'gateway'] as const) {
      const metadata = JSON.parse(readFileSync(join(__dirname, '..', '..', 'src', 'contracts', 'metadata', `${contract}.json`), 'utf8'));
      expect(metadata.source.hash.toLowerCase(), contract).toBe(BUILD_INFO.code_hashes[contract]);
    }
  });
});
