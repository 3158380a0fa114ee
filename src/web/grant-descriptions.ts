import { GrantCatalog, GrantDescription } from '../catalog/grant-catalog';
import { Messages, SOURCE_LANGUAGE } from '../catalog/messages';

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

/**
 * A grant's description in `language`. The catalog (catalog/messages/<language>/grants.json)
 * translates the shipped grants; a grant whose description an operator changed (GRANTS_FILE), or
 * added, has no translation that fits, and shows the operator's words: the English entry must
 * still be the description for its translation to be used.
 */
export function grantText(messages: Messages, language: string, grant: Pick<GrantDescription, 'name' | 'description'>) {
  const key = `grant-${grant.name}`;
  if (language === SOURCE_LANGUAGE || messages.text(SOURCE_LANGUAGE, key) !== grant.description)
    return grant.description;
  return messages.text(language, key);
}
