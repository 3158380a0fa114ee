import { AccessPolicy, PolicyCatalogs, PolicySettings } from '../access/access-policy';
import { UserFacts } from '../access/facts';

/**
 * A real AccessPolicy over tiny catalogs, for service specs: the services' refusals then come from
 * the real decision path, not from a stub that answers what the spec expects.
 */

/** Groups and their rights: `user` may consent (mwoauthmanagemygrants); a `temp` account may not. */
const GROUP_RIGHTS = new Map<string, readonly string[]>([
  ['*', ['read']],
  ['user', ['read', 'edit', 'import', 'mwoauthmanagemygrants']],
  ['temp', ['read', 'edit']],
  ['sysop', ['delete']],
]);

/** Grants named as in catalog/grants.json, with a few of their rights. */
const GRANT_RIGHTS = new Map<string, readonly string[]>([
  ['basic', ['read']],
  ['editpage', ['edit']],
  ['import', ['import']],
  ['delete', ['delete']],
  ['mwoauth-authonly', []],
  ['mwoauth-authonlyprivate', []],
]);

export const EVERYONE_RIGHTS: ReadonlySet<string> = new Set(GROUP_RIGHTS.get('*'));

/** The implicit groups first: `temp` accounts are not in `user`, as in MediaWiki. */
export function testGroups(user: UserFacts): string[] {
  const explicit = (user.memberships ?? []).map((m) => m.groupName);
  return ['*', ...(explicit.includes('temp') ? [] : ['user']), ...explicit];
}

function accountRights(user: UserFacts): ReadonlySet<string> {
  if (user.locked) return new Set();
  if (user.blocked) return EVERYONE_RIGHTS;
  return new Set(testGroups(user).flatMap((g) => GROUP_RIGHTS.get(g) ?? []));
}

/** The catalogs the policy is built with (src/access/access.module.ts builds the real ones). */
export function testCatalogs(configuredKeys: readonly string[] = []): PolicyCatalogs {
  return {
    accountRights,
    groups: testGroups,
    everyoneRights: EVERYONE_RIGHTS,
    grantRights: (grants) => new Set(grants.flatMap((g) => GRANT_RIGHTS.get(g) ?? [])),
    isAuthOnly: (grant) => grant === 'mwoauth-authonly' || grant === 'mwoauth-authonlyprivate',
    isConfigured: (key) => configuredKeys.includes(key),
  };
}

/** `import` is disabled for OAuth, as DISABLED_API_ACTIONS would have it. */
export function testPolicy(
  options: { configuredKeys?: readonly string[]; settings?: Partial<PolicySettings> } = {},
): AccessPolicy {
  return new AccessPolicy(testCatalogs(options.configuredKeys), {
    wikiId: '*',
    disabledActions: ['import'],
    allowSelfReview: false,
    ...options.settings,
  });
}
