export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** viewer reads audits; operator also scans and fixes; admin also manages connections, accounts and users. */
export function allows(have: Role, need: Role): boolean {
  return rank[have] >= rank[need];
}
