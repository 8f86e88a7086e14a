// The accounts of an organization, found by walking its tree: roots, then each organizational unit (OU) under them,
// then the accounts directly in each. Pure: the Organizations calls are passed in (lib/aws/organizations.ts), so the
// walk, the filters and what counts as a member are tested without a network.

/** One member account as the fleet keeps it. */
export type FleetAccount = {
  /** The 12-digit account ID. */
  id: string;
  name: string;
  /** The OUs from the root down, by name ("Prod / Payments"); empty for an account directly under the root. */
  ouPath: string[];
  /** The OU IDs of the same path: filters match either. */
  ouIds: string[];
  tags: Record<string, string>;
};

export type OrgNode = { id: string; name: string };
export type OrgAccountEntry = { id: string; name: string; state: string };

/** The calls the walk needs, each already paging through NextToken. */
export type OrganizationApi = {
  roots: () => AsyncIterable<OrgNode>;
  childOus: (parentId: string) => AsyncIterable<OrgNode>;
  accountsIn: (parentId: string) => AsyncIterable<OrgAccountEntry>;
  tagsOf: (accountId: string) => Promise<Record<string, string>>;
};

/**
 * What to take: `includeOus` (IDs or names; an OU brings its whole subtree) and `includeAccounts` narrow, the `skip`
 * lists remove (a skipped OU takes its subtree with it). Empty include lists take everything.
 */
export type OrgFilter = {
  includeOus: string[];
  skipOus: string[];
  includeAccounts: string[];
  skipAccounts: string[];
};

export const noFilter: OrgFilter = { includeOus: [], skipOus: [], includeAccounts: [], skipAccounts: [] };

/** Members only: SUSPENDED, PENDING_CLOSURE and CLOSED accounts cannot be scanned and are not onboarded. */
export const isMember = (account: OrgAccountEntry) => account.state === "ACTIVE";

/** Bounds on a tree from outside: AWS allows five OU levels under a root; anything deeper is not what we asked. */
const MAX_DEPTH = 6;
const MAX_ACCOUNTS = 100_000;

const matches = (list: string[], node: OrgNode) => list.includes(node.id) || list.includes(node.name);

/** Walks the tree depth-first and returns the member accounts the filter takes, in tree order. */
export async function discoverAccounts(api: OrganizationApi, filter: OrgFilter): Promise<FleetAccount[]> {
  const found: FleetAccount[] = [];
  const seen = new Set<string>();
  async function visit(parent: OrgNode, path: OrgNode[], included: boolean, depth: number) {
    if (depth > MAX_DEPTH)
      throw new Error(`the organization is deeper than ${MAX_DEPTH} levels under ${parent.id}`);
    for await (const account of api.accountsIn(parent.id)) {
      if (!included || !isMember(account) || seen.has(account.id)) continue;
      if (filter.skipAccounts.includes(account.id) || filter.skipAccounts.includes(account.name)) continue;
      if (filter.includeAccounts.length > 0 && !filter.includeAccounts.includes(account.id)) {
        if (!filter.includeAccounts.includes(account.name)) continue;
      }
      if (found.length >= MAX_ACCOUNTS)
        throw new Error(`the organization lists more than ${MAX_ACCOUNTS} accounts`);
      seen.add(account.id);
      found.push({
        id: account.id,
        name: account.name,
        ouPath: path.map((p) => p.name),
        ouIds: path.map((p) => p.id),
        tags: {},
      });
    }
    for await (const ou of api.childOus(parent.id)) {
      if (matches(filter.skipOus, ou)) continue;
      await visit(ou, [...path, ou], included || matches(filter.includeOus, ou), depth + 1);
    }
  }
  for await (const root of api.roots()) await visit(root, [], filter.includeOus.length === 0, 0);
  for (const account of found) account.tags = await api.tagsOf(account.id);
  return found;
}

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;
