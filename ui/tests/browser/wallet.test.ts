// The test wallet as a page sees it: window.injectedWeb3['polkadot-js'] with the dev
// accounts, real sr25519 signatures that verify against the accounts' public keys, and a
// "Cancel" that makes the next signature request reject as the extension does.
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import type { SignerPayloadJSON } from 'dedot/types';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNTS, appUrl, launchChromium, newContext } from '../support/browser';
import { CANCELLED, TEST_WALLET_ID, injectTestWallet, type TestWallet } from '../support/test-wallet';

// SS58 (prefix 42) addresses of the dev keys, as every Substrate tool prints them.
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let wallet: TestWallet;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
  wallet = await injectTestWallet(context, { accounts: DEV_ACCOUNTS });
  page = await context.newPage();
  // Any page of the app's origin will do: the wallet is injected into every page.
  await page.goto(appUrl({ page: 'hash' }));
});

afterAll(async () => {
  await browser?.close();
});

/** Calls `enable` in the page and signs `data` with signRaw as `address`. */
function signRawInPage(address: string, data: string) {
  return page.evaluate(
    async ({ id, address, data }) => {
      const provider = (window as unknown as { injectedWeb3: Record<string, { enable(o: string): Promise<any> }> })
        .injectedWeb3[id];
      const injected = await provider.enable('ModelMint');
      try {
        const result = await injected.signer.signRaw({ address, data, type: 'bytes' });
        return { ok: true as const, signature: result.signature as string, id: result.id as number };
      } catch (error) {
        return { ok: false as const, isError: error instanceof Error, message: (error as Error).message };
      }
    },
    { id: TEST_WALLET_ID, address, data },
  );
}

describe('the injected test wallet', () => {
  it('is injected before page scripts run and lists the dev accounts', async () => {
    const seen = await page.evaluate(async (id) => {
      const injectedWeb3 = (window as unknown as { injectedWeb3: Record<string, any> }).injectedWeb3;
      const injected = await injectedWeb3[id].enable('ModelMint');
      const fromGet = await injected.accounts.get();
      const fromSubscribe = await new Promise((resolve) => {
        const unsubscribe = injected.accounts.subscribe((accounts: unknown) => {
          unsubscribe();
          resolve(accounts);
        });
      });
      return { version: injectedWeb3[id].version, fromGet, fromSubscribe };
    }, TEST_WALLET_ID);
    const expected = [
      { address: ALICE, name: 'Alice', type: 'sr25519' },
      { address: BOB, name: 'Bob', type: 'sr25519' },
      { address: wallet.account('Charlie').address, name: 'Charlie', type: 'sr25519' },
      { address: wallet.account('Dave').address, name: 'Dave', type: 'sr25519' },
    ];
    expect(seen.fromGet).toEqual(expected);
    expect(seen.fromSubscribe).toEqual(expected);
    expect(seen.version).toMatch(/^0\.63\.1/);
  });

  it('signRaw gives a signature that verifies against the account public key', async () => {
    const data = u8aToHex(new TextEncoder().encode('ModelMint test message'));
    const signed = await signRawInPage(BOB, data);
    if (!signed.ok) throw new Error(`signRaw failed: ${signed.message}`);
    const bob = wallet.account('Bob');
    const check = signatureVerify(data, signed.signature, u8aToHex(bob.publicKey));
    expect(check).toMatchObject({ isValid: true, crypto: 'sr25519' });
    // Like the extension, the wallet signs the bytes wrapped in <Bytes>...</Bytes>.
    expect(signatureVerify(u8aWrapBytes(data), signed.signature, bob.publicKey).isValid).toBe(true);
    // It is Bob's signature, not Alice's.
    expect(signatureVerify(data, signed.signature, ALICE).isValid).toBe(false);
    expect(wallet.requests.at(-1)).toMatchObject({ kind: 'raw', address: BOB, refused: false });
  });

  it('refuses the next signature as a user clicking "Cancel" does, then signs again', async () => {
    const data = u8aToHex(new TextEncoder().encode('cancel me'));
    wallet.rejectNextSignature();
    const refused = await signRawInPage(ALICE, data);
    expect(refused).toEqual({ ok: false, isError: true, message: CANCELLED });
    expect(wallet.requests.at(-1)).toMatchObject({ kind: 'raw', address: ALICE, refused: true });
    const signed = await signRawInPage(ALICE, data);
    expect(signed.ok && signatureVerify(data, signed.signature, ALICE).isValid).toBe(true);
  });

  it('refuses an address it holds no key for', async () => {
    const eve = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw'; // //Eve, not in this wallet
    const refused = await signRawInPage(eve, '0x00');
    expect(refused).toMatchObject({ ok: false, isError: true });
    expect(refused.ok || refused.message).toContain(eve);
  });

  it('signPayload signs the SCALE payload of an extrinsic with the account key', async () => {
    // The payload a dapp's signer hands the extension for a transaction (here: a transfer on
    // a dev chain); the extension encodes it with the chain's signed extensions and signs it.
    const payload: SignerPayloadJSON = {
      address: ALICE,
      blockHash: `0x${'11'.repeat(32)}`,
      blockNumber: '0x00000010',
      era: '0x0500',
      genesisHash: `0x${'22'.repeat(32)}`,
      method: `0x0600${'00'}${u8aToHex(wallet.account('Bob').publicKey).slice(2)}0b00407a10f35a`,
      nonce: '0x00000003',
      specVersion: '0x00000064',
      tip: '0x00000000000000000000000000000000',
      transactionVersion: '0x00000001',
      signedExtensions: [
        'CheckNonZeroSender',
        'CheckSpecVersion',
        'CheckTxVersion',
        'CheckGenesis',
        'CheckMortality',
        'CheckNonce',
        'CheckWeight',
        'ChargeTransactionPayment',
      ],
      version: 4,
    };
    const signed = await page.evaluate(
      async ({ id, payload }) => {
        const provider = (window as unknown as { injectedWeb3: Record<string, any> }).injectedWeb3[id];
        const injected = await provider.enable('ModelMint');
        return (await injected.signer.signPayload(payload)) as { id: number; signature: string };
      },
      { id: TEST_WALLET_ID, payload },
    );
    // The signed bytes: the payload's SCALE encoding, hashed with BLAKE2-256 when over 256 bytes.
    const registry = new TypeRegistry();
    registry.setSignedExtensions(payload.signedExtensions);
    const encoded = registry.createType('ExtrinsicPayload', payload, { version: 4 }).toU8a({ method: true });
    const message = encoded.length > 256 ? blake2AsU8a(encoded) : encoded;
    expect(encoded.length).toBeGreaterThan(payload.method.length / 2 - 1);
    expect(signatureVerify(message, signed.signature, ALICE)).toMatchObject({ isValid: true, crypto: 'sr25519' });
    expect(wallet.requests.at(-1)).toMatchObject({ kind: 'payload', address: ALICE, refused: false, signature: signed.signature });
  });
});
