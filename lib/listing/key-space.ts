import { compareKeys } from "@/lib/keys";

// A bucket's key space cut into pieces that can be listed at once. S3 lists keys in code point (UTF-8 byte) order
// from a StartAfter key and has no end bound: a piece is the keys after one key through another, listed from its
// start until a page passes its end. Pieces are cut where the listing shows its keys still change (the first code
// point where a page's first and last keys differ), within the run of characters found there (a counter's next
// digits), so cuts land among the keys rather than in empty space, and a piece that turns out empty costs one
// request. Whatever the cuts, the pieces cover the key space exactly: each key in
// one piece, which the property test in key-space.test.ts checks over random keys (outside the BMP, prefixes of one
// another) and random orders of pages and cuts.

/** Keys after `after` (exclusive; null: from the first key) through `through` (inclusive; null: to the last). */
export type KeyRange = { after: string | null; through: string | null };

const ASCII_END = 0x7f;
const UNICODE_END = 0x110000;
/** Below this, a key's characters are control characters: a cut starts above them. */
const PRINTABLE = 0x20;

export const inRange = (key: string, r: KeyRange) =>
  (r.after === null || compareKeys(key, r.after) > 0) &&
  (r.through === null || compareKeys(key, r.through) <= 0);

/** Where two keys first differ, in code points: the depth at which a listing's keys are still changing. */
export function firstDifference(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * The depth at which to cut a piece so that each new piece holds about `minKeys` keys or more, judged from one
 * page: `count` keys from `first` to `last`, which first differ at depth d, where they moved b - a characters. One
 * character there held about count / (b - a) keys; one a level up, a run of those (ten for a digit, 26 for a
 * letter); and so on up. Pieces of a page or two would list their end twice (a page that passes a piece's end is
 * the next piece's), so a piece is worth cutting off only when it holds many pages.
 */
export function cutDepth(first: string, last: string, count: number, minKeys: number): number {
  const x = Array.from(first, (c) => c.codePointAt(0)!);
  const y = Array.from(last, (c) => c.codePointAt(0)!);
  let depth = firstDifference(first, last);
  let perCharacter = count / Math.max(1, (y[depth] ?? PRINTABLE) - (x[depth] ?? PRINTABLE - 1));
  while (depth > 0 && perCharacter < minKeys) {
    const [lo, hi] = runOf(y[depth] ?? PRINTABLE);
    perCharacter *= hi - lo + 1;
    depth--;
  }
  return depth;
}

const notSurrogate = (c: number) => (c >= 0xd800 && c <= 0xdfff ? 0xe000 : c);

/** The run of characters a code point belongs to: digits, capitals, small letters, other ASCII, or the rest. */
function runOf(point: number): [number, number] {
  if (point >= 0x30 && point <= 0x39) return [0x30, 0x39];
  if (point >= 0x41 && point <= 0x5a) return [0x41, 0x5a];
  if (point >= 0x61 && point <= 0x7a) return [0x61, 0x7a];
  if (point < ASCII_END) return [PRINTABLE, ASCII_END - 1];
  return [ASCII_END, UNICODE_END - 1];
}

/** Cuts at one depth: `from`'s first `at` code points and one above its own there, spread to the end of its run. */
function cutsAt(points: number[], at: number, through: string | null, parts: number): string[] {
  const own = at < points.length ? points[at]! : PRINTABLE - 1;
  const last = at < points.length ? runOf(own)[1] : ASCII_END - 1;
  if (last <= own) return [];
  const prefix = String.fromCodePoint(...points.slice(0, at));
  const cuts: string[] = [];
  for (let j = 1; j < parts; j++) {
    const point = notSurrogate(own + Math.ceil((j * (last - own)) / (parts - 1)));
    if (point <= own || point > last) continue;
    const cut = prefix + String.fromCodePoint(point);
    if (cuts.length > 0 && cuts[cuts.length - 1] === cut) continue;
    if (through !== null && compareKeys(cut, through) >= 0) break;
    cuts.push(cut);
  }
  return cuts;
}

/**
 * Up to `parts - 1` keys that cut the rest of a range after `from` (through `through`) into `parts`, in increasing
 * order, each strictly after `from` and strictly before `through`. A cut is `from`'s first code points and one
 * above `from`'s own at that depth, spread to the end of its run of characters (digits, capitals, small letters,
 * other ASCII, the rest of Unicode), so a counter's keys are cut at its next digits. Where that run has no room
 * left at `depth` (a counter at 9), one shallower, and so on up; none when no depth up to `depth` has room.
 */
export function cutsAfter(
  from: string,
  through: string | null,
  depth: number,
  parts: number,
  /** Never cut above this depth: a prefix's listing holds no key that differs from it there. */
  floor = 0,
): string[] {
  const points = Array.from(from, (c) => c.codePointAt(0)!);
  const start = Math.min(Math.max(depth, 0), points.length);
  for (let at = start; at >= Math.min(floor, start); at--) {
    const cuts = cutsAt(points, at, through, parts);
    if (cuts.length > 0) return cuts;
  }
  // Never deeper than asked: the pieces would be smaller than the caller judged worth a request of their own.
  return [];
}

/** Where a listing goes on from: after this key (and, listing versions, this version of it). */
export type Position = { key: string; version: string | null };

/** Where a piece stands: its range, where its next page starts (null: at its range's start), done. */
export type Piece = { id: number; range: KeyRange; at: Position | null; done: boolean };

/**
 * The pieces of one listing and where each stands: what a runner asks next, what it keeps of a page, and where it
 * cuts a piece that has more to list while requests are free. State in, state out: the runner stores the pieces
 * (so a restart goes on from each piece's position) and does the I/O.
 */
export class ListingPlan {
  private readonly pieces = new Map<number, Piece>();
  private nextId: number;

  constructor(pieces: Piece[]) {
    for (const p of pieces) this.pieces.set(p.id, { ...p });
    this.nextId = Math.max(0, ...pieces.map((p) => p.id)) + 1;
  }

  /** A whole listing from its start (a prefix's listing starts after nothing and ends where the prefix does). */
  static whole(range: KeyRange = { after: null, through: null }): ListingPlan {
    return new ListingPlan([{ id: 1, range, at: null, done: false }]);
  }

  all(): Piece[] {
    return [...this.pieces.values()].map((p) => ({ ...p }));
  }

  running(): Piece[] {
    return this.all().filter((p) => !p.done);
  }

  get finished(): boolean {
    return this.running().length === 0;
  }

  /** Where a piece's next page starts: after its last listed entry, or after its range's start. */
  startOf(id: number): { key: string | null; version: string | null } {
    const p = this.piece(id);
    return p.at ?? { key: p.range.after, version: null };
  }

  /**
   * A page came back for a piece, with where the listing goes on (null: the listing said nothing follows): the
   * entries that are the piece's (the rest belong to pieces after it), and the piece is done once a page passes its
   * end or the listing ends. A versions page lists versions and delete markers apart, so entries are kept by range,
   * not as a run.
   */
  page<T extends { key: string }>(id: number, entries: T[], next: Position | null): T[] {
    const p = this.piece(id);
    const kept = p.range.through === null ? entries : entries.filter((e) => inRange(e.key, p.range));
    if (next === null || kept.length < entries.length || entries.length === 0) p.done = true;
    else p.at = next;
    return kept;
  }

  /**
   * Cuts the rest of a running piece into up to `parts` pieces at `depth` (see cutsAfter); the piece keeps the
   * first. The new pieces, none when its rest cannot be cut. A page in flight for the piece stays valid: what it
   * brings past the piece's new end is dropped by `page`, and listed by the piece it now belongs to.
   */
  split(id: number, parts: number, depth: number, floor = 0): Piece[] {
    const p = this.piece(id);
    if (p.done || parts < 2) return [];
    const from = p.at?.key ?? p.range.after ?? "";
    const cuts = cutsAfter(from, p.range.through, Math.max(depth, floor), parts, floor);
    if (cuts.length === 0) return [];
    const end = p.range.through;
    p.range = { after: p.range.after, through: cuts[0]! };
    const added = cuts.map((cut, i): Piece => {
      const piece = {
        id: this.nextId++,
        range: { after: cut, through: cuts[i + 1] ?? end },
        at: null,
        done: false,
      };
      this.pieces.set(piece.id, piece);
      return { ...piece };
    });
    return added;
  }

  private piece(id: number): Piece {
    const p = this.pieces.get(id);
    if (!p) throw new Error(`no piece ${id} in this listing`);
    return p;
  }
}
