// Owns the small non-cryptographic hashes behind shingles, permutations and band keys.

/** Murmur3's 32-bit finaliser: a bijection with full avalanche, used to derive independent permutations. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with mix32 so nearby strings land far apart. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Hash of a run of 32-bit values (one LSH band), seeded by the band's index so bands never collide. */
export function hashValues(values: ArrayLike<number>, start: number, end: number, seed: number): number {
  let h = mix32(seed + 0x9e3779b9);
  for (let i = start; i < end; i++) {
    h = mix32(h ^ (values[i] ?? 0));
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return mix32(h);
}
