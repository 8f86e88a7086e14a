/**
 * The shortest prefixes that cover exactly a set of keys: each granted key gets the shortest prefix under which
 * every key of the bucket is granted, so the policy gives nothing the ACLs did not. Keys arrive sorted, as S3 and
 * the scan store them; the granted keys between two keys that are not granted form a run, and a run is collapsed on
 * its own from its two neighbours, reading its keys once.
 */
export type Cover = { prefix: string; exact: boolean };

export type Run = {
  /** The run's first and last granted key. */
  first: string;
  last: string;
  /** The keys just before and after it that are not granted (null at either end of the bucket). */
  before: string | null;
  after: string | null;
  keys: number;
};

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** How many UTF-16 units of `a` begin `b` too, whole characters only (a cut never splits an emoji in two). */
function commonLength(a: string, b: string | null): number {
  if (b === null) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
}

/** Where the character that starts at `i` ends (two units for one outside the BMP). */
const afterCharacter = (key: string, i: number) => (isHighSurrogate(key.charCodeAt(i)) ? i + 2 : i + 1);

/** Finds the runs of granted keys in one pass; stops at `maxRuns` (more could not fit in a policy anyway). */
export class RunFinder {
  readonly runs: Run[] = [];
  overflow = false;
  private open: Run | null = null;

  /** `lastOutside`: the last key before this finder's first, when keys came before it (none of them granted). */
  constructor(
    private readonly maxRuns: number,
    private lastOutside: string | null = null,
  ) {}

  key(key: string, granted: boolean) {
    if (granted) {
      if (this.open) {
        this.open.last = key;
        this.open.keys++;
      } else if (this.runs.length >= this.maxRuns) {
        this.overflow = true;
      } else {
        this.open = { first: key, last: key, before: this.lastOutside, after: null, keys: 1 };
        this.runs.push(this.open);
      }
      return;
    }
    if (this.open) this.open.after = key;
    this.open = null;
    this.lastOutside = key;
  }
}

/**
 * The covers of one run, from its keys in order: each key not yet covered starts the shortest prefix under which
 * every key is granted. That prefix is then lengthened to the next "/" that every key it covers shares ("i*"
 * becomes "incoming/*"): still exact, as few, and it reads as a folder; a lone key with no folder of its own is
 * named exactly. A key that is itself a prefix of a key
 * outside the run can only be named exactly (no wildcard).
 */
export function* coverRun(keys: Iterable<string>, run: Pick<Run, "before" | "after">): Generator<Cover> {
  let open: { cover: Cover; shared: string; keys: number } | null = null;
  for (const key of keys) {
    if (open && !open.cover.exact && key.startsWith(open.cover.prefix)) {
      open.shared = open.shared.slice(0, commonLength(open.shared, key));
      open.keys++;
      continue;
    }
    if (open) yield atFolder(open);
    const length = afterCharacter(key, Math.max(commonLength(key, run.before), commonLength(key, run.after)));
    const cover =
      length > key.length ? { prefix: key, exact: true } : { prefix: key.slice(0, length), exact: false };
    open = { cover, shared: key, keys: 1 };
  }
  if (open) yield atFolder(open);
}

function atFolder({ cover, shared, keys }: { cover: Cover; shared: string; keys: number }): Cover {
  if (cover.exact || cover.prefix.endsWith("/")) return cover;
  const slash = shared.indexOf("/", cover.prefix.length);
  if (slash >= 0) return { prefix: shared.slice(0, slash + 1), exact: false };
  // One key and no folder of its own: naming it gives no more than "shared/l*" would, and nothing written later.
  return keys === 1 ? { prefix: shared, exact: true } : cover;
}

/** `*`, `?` and `$` are wildcards or variables in a policy's ARN; a key's own are written as policy variables. */
export function resourceOf(bucket: string, cover: Cover): string {
  const escaped = cover.prefix.replace(/[*?$]/g, (c) => `\${${c}}`);
  return `arn:aws:s3:::${bucket}/${escaped}${cover.exact ? "" : "*"}`;
}
