// The commitment is the registry's (sha256 of root ‖ raw account ‖ salt), the
// split editor applies the market's split rules (set_split), and the text bounds are
// the registry's, in bytes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draftProblem, hexToBytes, registrationCommitment, savePending, loadPending, dropPending } from '../../src/chain/registration';
import { parseSplit } from '../../src/chain/shares';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUBLIC = 'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';

describe('registration commitment', () => {
  it('is sha256 of root, the raw account id and salt', async () => {
    const root = new Uint8Array(32).fill(0xab);
    const salt = new Uint8Array(32).fill(0x07);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(root), Buffer.from(ALICE_PUBLIC, 'hex'), Buffer.from(salt)]))
      .digest('hex');
    expect(await registrationCommitment(root, ALICE, salt)).toBe(`0x${expected}`);
  });

  it('reads hex with or without 0x and refuses anything else', () => {
    expect(Array.from(hexToBytes('0x0aff'))).toEqual([10, 255]);
    expect(Array.from(hexToBytes('0aff'))).toEqual([10, 255]);
    expect(() => hexToBytes('0xabc')).toThrow('is not hex');
  });

  it('keeps pending registrations by commitment', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const pending = { network: 'n', registrant: ALICE, root: 'ab'.repeat(32), salt: '0x01', commitment: '0xc1', committedAt: 3 } as const;
    savePending(storage, pending);
    savePending(storage, { ...pending, committedAt: 4 });
    expect(loadPending(storage)).toEqual([{ ...pending, committedAt: 4 }]);
    dropPending(storage, '0xc1');
    expect(loadPending(storage)).toEqual([]);
  });
});

describe('model fields', () => {
  it('are required and bounded in UTF-8 bytes', () => {
    expect(draftProblem({ name: 'tiny', version: '1.0', uri: 'ipfs://x' })).toBeUndefined();
    expect(draftProblem({ name: '', version: '1.0', uri: 'ipfs://x' })).toBe("The model's name is empty; it is required.");
    expect(draftProblem({ name: 'é'.repeat(33), version: '1', uri: 'u' })).toBe("The model's name is 66 bytes long; at most 64 bytes are stored.");
  });
});

describe('split editor', () => {
  it('accepts shares in parts per million summing to exactly one million', () => {
    expect(parseSplit([{ account: ALICE, share: '700000' }, { account: DAVE, share: ' 300000 ' }])).toEqual({
      recipients: [
        { account: ALICE, share: 700000 },
        { account: DAVE, share: 300000 },
      ],
    });
  });

  it('names the row that is wrong', () => {
    expect(parseSplit([])).toEqual({ error: 'A split needs at least one recipient.' });
    expect(parseSplit([{ account: ALICE, share: '999999' }])).toEqual({
      error: 'The shares add up to 999999 parts per million instead of exactly 1 000 000 (1 missing).',
    });
    expect(parseSplit([{ account: ALICE, share: '500000' }, { account: ALICE, share: '500000' }])).toEqual({
      error: 'Recipient 2 is the same account as recipient 1.',
    });
    expect(parseSplit([{ account: ALICE, share: '0' }])).toEqual({ error: 'Recipient 1 has a share of zero.' });
    expect(parseSplit([{ account: ALICE, share: '70%' }])).toEqual({
      error: 'Recipient 1\'s share is a whole number of parts per million from 0 to 1000000 (1000000 = 100 %); "70%" is not written in plain digits.',
    });
    expect(parseSplit([{ account: 'bob', share: '1000000' }])).toEqual({
      error: 'Recipient 1: "bob" is not an account address (SS58, like 5GrwvaEF…).',
    });
  });
});
