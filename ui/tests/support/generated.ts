// Large test data that Node and the page generate alike, so that a digest computed in the
// page can be compared with one computed by Node's own crypto: a pseudo-random 1 MiB block
// (xorshift32, fixed seed) repeated. Hashing speed does not depend on the content; the
// digest check makes the throughput figure one of a correct hash.

export const MIB = 1024 * 1024;

/** 1 MiB of xorshift32 output from `seed` (non-zero). */
export function pseudoRandomBlock(seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(MIB / 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer);
}
