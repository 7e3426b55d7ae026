// Amounts, shares and times read the same everywhere; settings come from the
// query string first, then storage.
import { describe, expect, it } from 'vitest';
import { DEV_UNITS, formatBalance, formatBps, formatDuration, formatPpm, formatTimestamp, parseBalance, accountProblem } from '../../src/chain/format';
import { loadSettings, queryOverrides, saveSettings, urlProblem } from '../../src/chain/settings';
import { parseDeployment, DeploymentError } from '../../src/chain/deployment';

describe('balances', () => {
  it('are exact to the unit, without rounding', () => {
    expect(formatBalance(5_000_000_000_000n, DEV_UNITS)).toBe('5 UNIT');
    expect(formatBalance(1n, DEV_UNITS)).toBe('0.000000000001 UNIT');
    expect(formatBalance(1_234_500_000_000_000n, DEV_UNITS)).toBe('1234.5 UNIT');
    expect(formatBalance(0n, DEV_UNITS)).toBe('0 UNIT');
    expect(formatBalance(-1_500_000_000_000n, DEV_UNITS)).toBe('-1.5 UNIT');
  });

  it('parse back to the same units and refuse what is not an amount', () => {
    expect(parseBalance('5', DEV_UNITS)).toEqual({ value: 5_000_000_000_000n });
    expect(parseBalance(' 0.000000000001 ', DEV_UNITS)).toEqual({ value: 1n });
    expect(parseBalance('1.', DEV_UNITS)).toEqual({ value: 1_000_000_000_000n });
    expect(parseBalance('0.0000000000001', DEV_UNITS)).toEqual({ error: 'UNIT has 12 decimals; "0.0000000000001" has 13.' });
    expect(parseBalance('-1', DEV_UNITS)).toHaveProperty('error');
    expect(parseBalance('1e3', DEV_UNITS)).toHaveProperty('error');
    expect(parseBalance('', DEV_UNITS)).toHaveProperty('error');
  });
});

describe('shares, times, accounts', () => {
  it('write basis points and parts per million as percentages', () => {
    expect(formatBps(1000)).toBe('10 %');
    expect(formatBps(1)).toBe('0.01 %');
    expect(formatPpm(700_000n)).toBe('70 %');
    expect(formatPpm(333_333)).toBe('33.3333 %');
  });

  it('write block timestamps in UTC and durations in whole units', () => {
    expect(formatTimestamp(1_700_000_000_000n)).toBe('2023-11-14 22:13:20 UTC');
    expect(formatDuration(30n * 86_400_000n)).toBe('30 days');
    expect(formatDuration(3_600_000)).toBe('1 hour');
    expect(formatDuration(1_500)).toBe('1500 ms');
  });

  it('accept SS58 addresses and name what is not one', () => {
    expect(accountProblem('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')).toBeUndefined();
    expect(accountProblem('alice')).toBe('"alice" is not an account address (SS58, like 5GrwvaEF…).');
  });
});

describe('settings', () => {
  const storage = (entries: Record<string, string>) => {
    const map = new Map(Object.entries(entries));
    return {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
      map,
    };
  };

  it('default to network local and the deployment URL', () => {
    expect(loadSettings('', storage({}))).toEqual({ network: 'local', url: '' });
  });

  it('take the query string over storage, and storage over the default', () => {
    const saved = storage({ 'modelmint.network': 'demo', 'modelmint.url': 'ws://127.0.0.1:9955' });
    expect(loadSettings('', saved)).toEqual({ network: 'demo', url: 'ws://127.0.0.1:9955' });
    expect(loadSettings('?network=ui-dev&url=ws://127.0.0.1:9922', saved)).toEqual({ network: 'ui-dev', url: 'ws://127.0.0.1:9922' });
    expect(queryOverrides('?network=ui-dev')).toEqual({ network: true, url: false });
  });

  it('ignore a network name that is not a file name, and save what was chosen', () => {
    expect(loadSettings('?network=../etc', storage({})).network).toBe('local');
    const s = storage({ 'modelmint.url': 'ws://x:1' });
    saveSettings({ network: 'ui-dev', url: '' }, s);
    expect([...s.map.entries()]).toEqual([['modelmint.network', 'ui-dev']]);
  });

  it('accept only ws:// and wss:// node URLs', () => {
    expect(urlProblem('ws://127.0.0.1:9944')).toBeUndefined();
    expect(urlProblem('')).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:9944')).toBe('A node URL starts with ws:// or wss://, not http://.');
    expect(urlProblem('nonsense')).toMatch(/is not a URL/);
  });
});

describe('deployment files', () => {
  it("need a URL, a commit window, every contract address and the market's desk code", () => {
    const good = {
      url: 'ws://127.0.0.1:9944',
      commit_window: { min_blocks: 1, max_blocks: 10 },
      contracts: { registry: { address: 'a' }, market: { address: 'b' }, gateway: { address: 'd' }, market_desk: { code_hash: '0x01' } },
    };
    expect(parseDeployment('x', good).url).toBe('ws://127.0.0.1:9944');
    const missing = { ...good, contracts: { ...good.contracts, gateway: {} } };
    expect(() => parseDeployment('x', missing)).toThrow(DeploymentError);
    expect(() => parseDeployment('x', missing)).toThrow('deployments/x.json has no address for the gateway contract; write it again with scripts/deploy.sh.');
    // The licensing and royalties contracts of earlier deployments are gone: such a file has no market.
    const old = { ...good, contracts: { registry: { address: 'a' }, licensing: { address: 'b' }, royalties: { address: 'c' }, gateway: { address: 'd' } } };
    expect(() => parseDeployment('x', old)).toThrow('deployments/x.json has no address for the market contract; write it again with scripts/deploy.sh.');
    const noDesk = { ...good, contracts: { ...good.contracts, market_desk: {} } };
    expect(() => parseDeployment('x', noDesk)).toThrow("deployments/x.json has no code hash for the market's desk (market_desk); write it again with scripts/deploy.sh.");
  });
});
