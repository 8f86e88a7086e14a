// A small seeded generator (mulberry32) for tests that must replay exactly: the same seed, the same choices.

export type Prng = {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [0, n). */
  int: (n: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
};

export function prng(seed: number): Prng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, chance: (p) => next() < p, pick: (items) => items[int(items.length)]! };
}

/** The seeds a soak run asks for (OWNERSCOPE_SOAK_SEEDS, a comma list: scripts/soak.sh), else the fixed ones. */
export function seedsFromEnv(fixed: number[]): number[] {
  const asked = process.env.OWNERSCOPE_SOAK_SEEDS?.trim();
  return asked ? asked.split(",").map((s) => Number(s.trim())) : fixed;
}
