// Ids that look like Segment's: 22-character base58 strings for users and workspaces, 27-character
// KSUID-like strings for newer groups. A seeded generator keeps generated seeds reproducible.

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function idGenerator(random: () => number = Math.random) {
  const pick = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  return {
    /** e.g. `sgJDWk3K21k6LE3tLU9nRK` */
    base58: () => pick(BASE58, 22),
    /** e.g. `2DrXpkze3NH3ySNB6tUUs1TbJbo` */
    ksuid: () => `2${pick(BASE62, 26)}`,
  };
}
