// ipfs:// addresses opened through the chosen gateway; other schemes are not links.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY, gatewayProblem, loadGateway, openableUrl } from '../../src/chain/ipfs';

describe('ipfs links', () => {
  it('go through the gateway; http(s) stays as it is; nothing else is a link', () => {
    expect(openableUrl('ipfs://bafyCID/card.md', 'https://gw.invalid/ipfs/')).toBe('https://gw.invalid/ipfs/bafyCID/card.md');
    expect(openableUrl('ipfs://ipfs/bafyCID', 'https://gw.invalid/ipfs')).toBe('https://gw.invalid/ipfs/bafyCID');
    expect(openableUrl('https://example.invalid/card.md', DEFAULT_GATEWAY)).toBe('https://example.invalid/card.md');
    expect(openableUrl('javascript:alert(1)', DEFAULT_GATEWAY)).toBeUndefined();
    expect(openableUrl('card.md', DEFAULT_GATEWAY)).toBeUndefined();
  });

  it('use the saved gateway when it is an http(s) address, else the default', () => {
    expect(loadGateway({ getItem: () => null })).toBe(DEFAULT_GATEWAY);
    expect(loadGateway({ getItem: () => 'https://gw.invalid/ipfs/' })).toBe('https://gw.invalid/ipfs/');
    expect(loadGateway({ getItem: () => 'ftp://x' })).toBe(DEFAULT_GATEWAY);
    expect(gatewayProblem('nonsense')).toMatch(/https/);
  });
});
