// A browser wallet for tests: what polkadot{.js}, Talisman or SubWallet put in a page,
// `window.injectedWeb3['polkadot-js'] = { enable, version }`, backed by the dev keys
// (//Alice, //Bob, ...), so that the app's real signing path runs: the app's dedot signer
// hands over the real payload and gets back a real sr25519 signature of it.
//
// The keys and the signing live on the Node side, reached from the page through one
// Playwright binding, rather than in a script bundled into the page: the page then runs
// exactly the production bundle plus a few lines of injected glue (no keyring nor
// @polkadot/types in it), and a test steers the wallet ("reject the next signature",
// "what was signed?") directly, without a round trip into the page.
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { SignerPayloadJSON, SignerPayloadRaw, SignerResult } from 'dedot/types';
import type { BrowserContext } from 'playwright-core';

/** The extension key the test wallet injects as, and the name the app shows for it. */
export const TEST_WALLET_ID = 'polkadot-js';
export const TEST_WALLET_VERSION = '0.63.1-modelmint-test';

export interface TestAccount {
  /** SS58 address with the generic prefix 42, as extensions give it. */
  address: string;
  /** The dev name: 'Alice' for '//Alice'. */
  name: string;
  /** The key's derivation URI, e.g. '//Alice'. */
  uri: string;
  publicKey: Uint8Array;
}

/** One signature the wallet gave (or refused), for a test to inspect. */
export type SignRequest =
  | { kind: 'payload'; address: string; payload: SignerPayloadJSON; signature?: string; refused: boolean }
  | { kind: 'raw'; address: string; data: string; signature?: string; refused: boolean };

/** What a user clicking "Cancel" in the extension makes signPayload/signRaw reject with. */
export const CANCELLED = 'Cancelled';

/** The dev keys and the extension's signing, with a switch for the user's "Cancel". */
export class TestWallet {
  readonly accounts: readonly TestAccount[];
  /** Every signature asked for, in order. */
  readonly requests: SignRequest[] = [];
  private readonly pairs = new Map<string, KeyringPair>();
  private refusals = 0;
  /** Indexes in `requests` of future requests to refuse. */
  private readonly refuseAt = new Set<number>();
  private nextId = 1;

  private constructor(pairs: { uri: string; pair: KeyringPair }[]) {
    this.accounts = pairs.map(({ uri, pair }) => {
      this.pairs.set(pair.address, pair);
      return { address: pair.address, name: devName(uri), uri, publicKey: pair.publicKey };
    });
  }

  static async create(uris: readonly string[]): Promise<TestWallet> {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    return new TestWallet(uris.map((uri) => ({ uri, pair: keyring.addFromUri(uri) })));
  }

  /** The next signature request is refused as if the user clicked "Cancel". */
  rejectNextSignature(): void {
    this.refusals += 1;
  }

  /**
   * The signature request `later` requests from now is refused (0: the next one): e.g. 1 lets a
   * registration's commit be signed and refuses its reveal.
   */
  rejectSignatureAt(later: number): void {
    this.refuseAt.add(this.requests.length + later);
  }

  account(name: string): TestAccount {
    const account = this.accounts.find((a) => a.name === name || a.uri === name);
    if (!account) throw new Error(`the test wallet has no account ${name}`);
    return account;
  }

  /** What the extension does with a transaction: sign the SCALE payload the app describes. */
  signPayload(payload: SignerPayloadJSON): SignerResult {
    const pair = this.pair(payload.address);
    const request: SignRequest = { kind: 'payload', address: payload.address, payload, refused: false };
    this.requests.push(request);
    this.refuseIfAsked(request);
    const registry = new TypeRegistry();
    registry.setSignedExtensions(payload.signedExtensions);
    const { signature } = registry
      .createType('ExtrinsicPayload', payload, { version: payload.version })
      .sign(pair);
    request.signature = signature;
    return { id: this.nextId++, signature };
  }

  /** What the extension does with raw bytes: sign them wrapped in <Bytes>...</Bytes>. */
  signRaw(raw: SignerPayloadRaw): SignerResult {
    const pair = this.pair(raw.address);
    const request: SignRequest = { kind: 'raw', address: raw.address, data: raw.data, refused: false };
    this.requests.push(request);
    this.refuseIfAsked(request);
    const signature = u8aToHex(pair.sign(u8aWrapBytes(raw.data)));
    request.signature = signature;
    return { id: this.nextId++, signature };
  }

  private refuseIfAsked(request: SignRequest): void {
    const planned = this.refuseAt.delete(this.requests.length - 1);
    if (!planned && this.refusals === 0) return;
    if (!planned) this.refusals -= 1;
    request.refused = true;
    throw new Error(CANCELLED);
  }

  private pair(address: string): KeyringPair {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    // The app may hand the address back in another SS58 format: compare public keys.
    const publicKey = u8aToHex(keyring.decodeAddress(address));
    for (const pair of this.pairs.values()) {
      if (u8aToHex(pair.publicKey) === publicKey) return pair;
    }
    throw new Error(`Unable to find an account for ${address} in the wallet`);
  }
}

function devName(uri: string): string {
  return uri.replace(/^\/\//, '');
}

/** The page's side of the binding: one call carries an operation and its argument. */
type WalletCall = { op: 'signPayload'; arg: SignerPayloadJSON } | { op: 'signRaw'; arg: SignerPayloadRaw };
type WalletAnswer = { result: SignerResult } | { error: string };

const BINDING = '__modelmintTestWallet';

/**
 * Injects the test wallet into every page of `context` (before any page script runs) and
 * returns it. `accounts` are derivation URIs of sr25519 keys, e.g. ['//Alice', '//Bob'].
 */
export async function injectTestWallet(
  context: BrowserContext,
  { accounts }: { accounts: readonly string[] },
): Promise<TestWallet> {
  const wallet = await TestWallet.create(accounts);
  await context.exposeBinding(BINDING, (_source, call: WalletCall): WalletAnswer => {
    try {
      return { result: call.op === 'signPayload' ? wallet.signPayload(call.arg) : wallet.signRaw(call.arg) };
    } catch (error) {
      // Answered as data, so the page rejects with exactly this message, as an extension would.
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  const injected = wallet.accounts.map(({ address, name }) => ({ address, name, type: 'sr25519' as const }));
  await context.addInitScript(
    ({ binding, id, version, accounts: list }) => {
      type Binding = (call: unknown) => Promise<{ result?: unknown; error?: string }>;
      const call = async (op: string, arg: unknown) => {
        const answer = await (window as unknown as Record<string, Binding>)[binding]({ op, arg });
        if (answer.error !== undefined) throw new Error(answer.error);
        return answer.result;
      };
      const target = window as unknown as { injectedWeb3?: Record<string, unknown> };
      target.injectedWeb3 = target.injectedWeb3 ?? {};
      target.injectedWeb3[id] = {
        version,
        enable: async () => ({
          accounts: {
            get: async () => list.map((a) => ({ ...a })),
            subscribe: (callback: (accounts: unknown[]) => void) => {
              setTimeout(() => callback(list.map((a) => ({ ...a }))), 0);
              return () => {};
            },
          },
          signer: {
            signPayload: (payload: unknown) => call('signPayload', payload),
            signRaw: (raw: unknown) => call('signRaw', raw),
          },
        }),
      };
    },
    { binding: BINDING, id: TEST_WALLET_ID, version: TEST_WALLET_VERSION, accounts: injected },
  );
  return wallet;
}
