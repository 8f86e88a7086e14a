export type DiffLine = { op: " " | "+" | "-"; line: string };

/** Cells of the longest-common-subsequence table past which two texts are shown as all removed, then all added. */
const MAX_CELLS = 4_000_000;

/** A line diff of two short texts (policies, at most 20 KB each): the longest common subsequence of their lines. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  if (a.length * b.length > MAX_CELLS)
    return [
      ...a.map((line) => ({ op: "-" as const, line })),
      ...b.map((line) => ({ op: "+" as const, line })),
    ];
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: " ", line: a[i]! });
      i++;
      j++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) out.push({ op: "-", line: a[i++]! });
    else out.push({ op: "+", line: b[j++]! });
  }
  while (i < a.length) out.push({ op: "-", line: a[i++]! });
  while (j < b.length) out.push({ op: "+", line: b[j++]! });
  return out;
}

/** A diff as shown: the changed lines with `context` lines around each change, and a count for each run left out. */
export type DiffHunkLine = DiffLine | { op: "…"; skipped: number };

export function changedOnly(diff: readonly DiffLine[], context = 2): DiffHunkLine[] {
  const near = new Array<boolean>(diff.length).fill(false);
  diff.forEach((d, i) => {
    if (d.op === " ") return;
    for (let k = Math.max(0, i - context); k <= Math.min(diff.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffHunkLine[] = [];
  let skipped = 0;
  diff.forEach((d, i) => {
    if (near[i]) {
      if (skipped > 0) out.push({ op: "…", skipped });
      skipped = 0;
      out.push(d);
    } else skipped++;
  });
  if (skipped > 0) out.push({ op: "…", skipped });
  return out;
}
