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

/** Bounds on a tree from outside: AWS allows five OU levels under a root, and a few thousand OUs. */
const MAX_DEPTH = 6;
const MAX_OUS = 10_000;
const MAX_ACCOUNTS = 100_000;

const matches = (list: string[], node: OrgNode) => list.includes(node.id) || list.includes(node.name);

/** Why an entry the API listed is not an account we can take, or null when it is one. */
function refusal(account: OrgAccountEntry): string | null {
  if (!ACCOUNT_ID.test(account.id)) return "its ID is not 12 digits";
  const name = account.name.trim();
  if (name.length === 0 || name.length > 200) return "its name is empty or longer than 200 characters";
  return null;
}

/** Tags as IAM bounds them (keys up to 128 characters, values up to 256); others are left out. */
const boundedTags = (tags: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(tags).filter(([k, v]) => k.length > 0 && k.length <= 128 && v.length <= 256),
  );

export type Discovered = {
  accounts: FleetAccount[];
  /** Entries that are not accounts we can take, and why. */
  refused: { id: string; reason: string }[];
  /** Member accounts and OUs the filter left out: while any is, an unknown owner may still be a member. */
  leftOut: number;
};

/** Walks the tree depth-first and returns the member accounts the filter takes, in tree order. */
export async function discoverAccounts(api: OrganizationApi, filter: OrgFilter): Promise<Discovered> {
  const found: FleetAccount[] = [];
  const refused: Discovered["refused"] = [];
  const seen = new Set<string>();
  let ous = 0;
  let leftOut = 0;
  async function visit(parent: OrgNode, path: OrgNode[], included: boolean, depth: number) {
    if (depth > MAX_DEPTH)
      throw new Error(`the organization is deeper than ${MAX_DEPTH} levels under ${parent.id}`);
    for await (const account of api.accountsIn(parent.id)) {
      if (!isMember(account) || seen.has(account.id)) continue;
      const why = refusal(account);
      if (why) {
        refused.push({ id: account.id.slice(0, 64), reason: why });
        continue;
      }
      const name = account.name.trim();
      const skipped = filter.skipAccounts.includes(account.id) || filter.skipAccounts.includes(name);
      const notIncluded =
        filter.includeAccounts.length > 0 &&
        !filter.includeAccounts.includes(account.id) &&
        !filter.includeAccounts.includes(name);
      if (!included || skipped || notIncluded) {
        leftOut++;
        continue;
      }
      if (found.length >= MAX_ACCOUNTS)
        throw new Error(`the organization lists more than ${MAX_ACCOUNTS} accounts`);
      seen.add(account.id);
      found.push({
        id: account.id,
        name,
        ouPath: path.map((p) => p.name),
        ouIds: path.map((p) => p.id),
        tags: {},
      });
    }
    for await (const ou of api.childOus(parent.id)) {
      if (++ous > MAX_OUS) throw new Error(`the organization lists more than ${MAX_OUS} OUs`);
      if (matches(filter.skipOus, ou)) {
        leftOut++;
        continue;
      }
      await visit(ou, [...path, ou], included || matches(filter.includeOus, ou), depth + 1);
    }
  }
  for await (const root of api.roots()) await visit(root, [], filter.includeOus.length === 0, 0);
  for (const account of found) account.tags = boundedTags(await api.tagsOf(account.id));
  return { accounts: found, refused, leftOut };
}

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;
