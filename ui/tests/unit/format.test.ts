// Amounts, shares and times read the same everywhere; settings come from the
// query string first, then storage.
import { describe, expect, it } from 'vitest';
import { DEV_UNITS, formatBalance, formatBps, formatDuration, formatPpm, formatTimestamp, parseBalance, accountProblem } from '../../src/chain/format';
import { loadSettings, queryOverrides, saveSettings, urlProblem } from '../../src/chain/settings';
import { parseDeployment, DeploymentError, loadDeployment } from '../../src/chain/deployment';
import { checkGenesis } from '../../src/chain/connection';

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
    expect(loadSettings('', storage({}))).toEqual({ network: 'local', deployment: '', url: '', index: '' });
    expect(loadSettings('', storage({}), 'testnet')).toEqual({ network: 'testnet', deployment: '', url: '', index: '' });
  });

  it('take the query string over storage, and storage over the default', () => {
    const saved = storage({ 'modelmint.network': 'demo', 'modelmint.url': 'ws://127.0.0.1:9955' });
    expect(loadSettings('', saved)).toEqual({ network: 'demo', deployment: '', url: 'ws://127.0.0.1:9955', index: '' });
    expect(loadSettings('?network=ui-dev&url=ws://127.0.0.1:9922', saved)).toEqual({ network: 'ui-dev', deployment: '', url: 'ws://127.0.0.1:9922', index: '' });
    expect(queryOverrides('?network=ui-dev')).toEqual({ network: true, url: false, index: false });
    // A deployment file's URL: saved, or for one page; a network in the address means the bundled one.
    const withUrl = storage({ 'modelmint.network': 'demo', 'modelmint.deployment': 'https://example.org/d.json' });
    expect(loadSettings('', withUrl).deployment).toBe('https://example.org/d.json');
    expect(loadSettings('?network=demo', withUrl).deployment).toBe('');
    expect(loadSettings('?deployment=./d.json', storage({})).deployment).toBe('./d.json');
    expect(loadSettings('?deployment=javascript:alert(1)', storage({})).deployment).toBe('');
    expect(queryOverrides('?deployment=./d.json')).toEqual({ network: true, url: false, index: false });
  });

  it('ignore a network name that is not a file name, and save what was chosen', () => {
    expect(loadSettings('?network=../etc', storage({})).network).toBe('local');
    const s = storage({ 'modelmint.url': 'ws://x:1' });
    saveSettings({ network: 'ui-dev', deployment: '', url: '', index: '' }, s);
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
  const good = {
    url: 'ws://127.0.0.1:9944',
    commit_window: { min_blocks: 1, max_blocks: 10 },
    contracts: { registry: { address: 'a' }, market: { address: 'b' }, gateway: { address: 'd' }, market_desk: { code_hash: '0x01' } },
  };

  it("need a URL, a commit window, every contract address and the market's desk code", () => {
    expect(parseDeployment('x', good).url).toBe('ws://127.0.0.1:9944');
    const missing = { ...good, contracts: { ...good.contracts, gateway: {} } };
    expect(() => parseDeployment('x', missing)).toThrow(DeploymentError);
    expect(() => parseDeployment('x', missing)).toThrow('The deployment "x" has no address for the gateway contract: it is not a deployment of this version of ModelMint.');
    // The licensing and royalties contracts of earlier deployments are gone: such a file has no market.
    const old = { ...good, contracts: { registry: { address: 'a' }, licensing: { address: 'b' }, royalties: { address: 'c' }, gateway: { address: 'd' } } };
    expect(() => parseDeployment('x', old)).toThrow('The deployment "x" has no address for the market contract');
    const noDesk = { ...good, contracts: { ...good.contracts, market_desk: {} } };
    expect(() => parseDeployment('x', noDesk)).toThrow("has no code hash for the market's desk (market_desk)");
    expect(() => parseDeployment('x', { ...good, genesis_hash: '0x12' })).toThrow('"genesis_hash" that is not a 32-byte hex hash');
  });

  it('come bundled by name, or from a URL; a missing one is named with the choices, in words for users', async () => {
    await expect(loadDeployment({ kind: 'bundled', network: 'x' }, { x: good })).resolves.toMatchObject({ network: 'x', url: good.url });
    const missing = loadDeployment({ kind: 'bundled', network: 'nope' }, { x: good, y: good });
    await expect(missing).rejects.toThrow('This app has no deployment named "nope". Choose one of "x", "y" on the Connect page, or load a deployment file from its URL (Advanced).');
    await expect(loadDeployment({ kind: 'bundled', network: 'nope' }, {})).rejects.not.toThrow(/scripts\//);
    const served = (body: unknown, status = 200) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
    await expect(loadDeployment({ kind: 'url', url: 'https://e.org/d.json' }, {}, served({ ...good, network: 'remote' }))).resolves.toMatchObject({ network: 'remote' });
    await expect(loadDeployment({ kind: 'url', url: 'https://e.org/d.json' }, {}, served({}, 404))).rejects.toThrow('the deployment file at https://e.org/d.json could not be read (HTTP 404).');
  });

  it('are used only on the chain whose genesis hash they record', () => {
    const genesis = `0x${'ab'.repeat(32)}`;
    expect(() => checkGenesis({ network: 'x', genesis_hash: genesis }, 'ws://n', genesis.toUpperCase().replace('0X', '0x'))).not.toThrow();
    expect(() => checkGenesis({ network: 'x' }, 'ws://n', genesis)).not.toThrow();
    expect(() => checkGenesis({ network: 'x', genesis_hash: genesis }, 'ws://n', `0x${'cd'.repeat(32)}`)).toThrow(
      'The deployment "x" was made on another chain than the one at ws://n (its chain starts with block 0xababababab…, this node\'s with 0xcdcdcdcdcd…)',
    );
  });
});
