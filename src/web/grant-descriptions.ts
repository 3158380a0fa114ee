import { GrantCatalog, GrantDescription } from '../catalog/grant-catalog';

/** Grants as people read them: on the consent page, the review page and "my authorized apps". */
export interface GrantsInWords {
  /** Each visible grant with its description and risk; hidden grants (`basic`) are not listed. */
  grants: GrantDescription[];
  /** Only auth-only grants: the app learns who you are and can do nothing else. */
  identityOnly: boolean;
  /** No visible grant at all. */
  noGrants: boolean;
  /** The app sees the real name and email (docs/mediawiki-compatibility.md#identify). */
  privateInfo: boolean;
}

/**
 * One wording of a grant list for every page that shows one, so that what a user consented to
 * reads the same when they review it later, and a reviewer sees what users will be asked.
 */
export function grantsInWords(catalog: GrantCatalog, names: readonly string[]): GrantsInWords {
  const grants = names
    .map((name) => catalog.describe(name))
    .filter((g): g is GrantDescription => g !== undefined && !g.hidden);
  return {
    grants,
    identityOnly: grants.length > 0 && grants.every((g) => g.authOnly),
    noGrants: grants.length === 0,
    privateInfo: catalog.seesPrivateInfo(names),
  };
}
