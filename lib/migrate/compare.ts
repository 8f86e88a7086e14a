import type { Grant } from "@/lib/audit/types";

/** The same grants, in any order. */
export const sameGrants = (a: Grant[], b: Grant[]) => {
  const names = (gs: Grant[]) =>
    gs
      .map((g) => `${g.granteeType} ${g.grantee} ${g.permission}`)
      .sort()
      .join("\n");
  return names(a) === names(b);
};
/** The same policy document (whitespace aside); null is no policy. */
export const samePolicy = (a: string | null, b: string | null) => {
  if (a === null || b === null) return a === b;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
};
