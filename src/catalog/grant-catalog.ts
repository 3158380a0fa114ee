import { CatalogFile, readCatalogFile } from './catalog-file';

export interface GrantDescription {
  name: string;
  description: string;
  group: string;
  risk: string;
  rights: string[];
  hidden: boolean;
  authOnly: boolean;
}

interface GrantDefinition {
  description: string;
  group: string;
  risk: string;
  rights: string[];
}

interface GrantFile {
  hiddenGrants: string[];
  authOnlyGrants: string[];
  legacyNames: Record<string, string>;
  grants: Record<string, GrantDefinition>;
}

const GRANTS_FILE: CatalogFile = { label: 'grant catalog', shipped: 'grants.json', setting: 'GRANTS_FILE' };

/** These grants let a consumer see the user's real name and email (docs/mediawiki-compatibility.md#identify). */
const PRIVATE_INFO_GRANT = 'mwoauth-authonlyprivate';
const PRIVATE_INFO_RIGHT = 'viewmyprivateinfo';

/** Grants → rights, read once from catalog/grants.json, and checked at boot (docs/mediawiki-compatibility.md#names). */
export class GrantCatalog {
  readonly names: readonly string[];
  /**
   * Irrevocable grants = hidden ∪ auth-only; they survive any narrowing by `scope`
   * (docs/mediawiki-compatibility.md#consent).
   */
  readonly irrevocableGrants: readonly string[];
  private readonly grants: ReadonlyMap<string, GrantDefinition>;
  private readonly legacy: ReadonlyMap<string, string>;

  private constructor(
    readonly hiddenGrants: readonly string[],
    readonly authOnlyGrants: readonly string[],
    file: GrantFile,
  ) {
    // Maps, not the parsed objects, so that names such as "constructor" are never mistaken for grants.
    this.grants = new Map(Object.entries(file.grants));
    this.legacy = new Map(Object.entries(file.legacyNames));
    this.names = [...this.grants.keys()];
    this.irrevocableGrants = [...new Set([...hiddenGrants, ...authOnlyGrants])];
  }

  /** catalog/grants.json, or the file GRANTS_FILE names. */
  static fromFile(path?: string): GrantCatalog {
    const { raw, path: source } = readCatalogFile(GRANTS_FILE, path);
    return GrantCatalog.fromJson(raw, source);
  }

  static fromJson(raw: unknown, source = 'grant catalog'): GrantCatalog {
    const problem = problemIn(raw);
    if (problem) throw new Error(`${source}: ${problem}`);
    // A deep copy: whoever passed `raw` in cannot change the catalog afterwards.
    const file = structuredClone(raw) as GrantFile;
    return new GrantCatalog(file.hiddenGrants, file.authOnlyGrants, file);
  }

  /** Old names still accepted, mapped to their modern names (docs/mediawiki-compatibility.md#rights). */
  get legacyNames(): Record<string, string> {
    return Object.fromEntries(this.legacy);
  }

  /** Modern names only: a stored legacy name must go through `canonical` first. */
  has(name: string): boolean {
    return this.grants.has(name);
  }

  /**
   * Rows may hold `useoauth`, `authonly`, `authonlyprivate`, the names MediaWiki still writes; read
   * them as today's names (docs/mediawiki-compatibility.md#rights).
   */
  canonical(name: string): string | undefined {
    if (this.grants.has(name)) return name;
    return this.legacy.get(name);
  }

  /** Canonical, de-duplicated grants in first-seen order, plus the names no grant answers to. */
  normalize(grants: readonly string[]): { grants: string[]; unknown: string[] } {
    const known = new Set<string>();
    const unknown = new Set<string>();
    for (const name of grants) {
      const canonical = this.canonical(name);
      if (canonical === undefined) unknown.add(name);
      else known.add(canonical);
    }
    return { grants: [...known], unknown: [...unknown] };
  }

  isAuthOnly(name: string): boolean {
    const found = this.lookup(name);
    return found !== undefined && this.authOnlyGrants.includes(found.name);
  }

  /**
   * The union of the grants' rights; auth-only and unknown grants carry none
   * (docs/mediawiki-compatibility.md#rights).
   */
  rightsOf(grants: readonly string[]): Set<string> {
    const rights = new Set<string>();
    for (const name of grants) for (const right of this.lookup(name)?.grant.rights ?? []) rights.add(right);
    return rights;
  }

  /**
   * Realname and email go out with `mwoauth-authonlyprivate` or any grant carrying viewmyprivateinfo
   * (docs/mediawiki-compatibility.md#identify).
   */
  seesPrivateInfo(grants: readonly string[]): boolean {
    return (
      grants.some((name) => this.canonical(name) === PRIVATE_INFO_GRANT) ||
      this.rightsOf(grants).has(PRIVATE_INFO_RIGHT)
    );
  }

  /** A copy, so callers cannot change the catalog; legacy names are described under their modern name. */
  describe(name: string): GrantDescription | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    const { grant } = found;
    return {
      name: found.name,
      description: grant.description,
      group: grant.group,
      risk: grant.risk,
      rights: [...grant.rights],
      hidden: this.hiddenGrants.includes(found.name),
      authOnly: this.authOnlyGrants.includes(found.name),
    };
  }

  list(): GrantDescription[] {
    return this.names.map((name) => this.describe(name)!);
  }

  private lookup(name: string): { name: string; grant: GrantDefinition } | undefined {
    const canonical = this.canonical(name);
    const grant = canonical === undefined ? undefined : this.grants.get(canonical);
    return canonical === undefined || !grant ? undefined : { name: canonical, grant };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const owns = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** The first thing wrong with a parsed catalog, in words an operator can act on; undefined when it is sound. */
function problemIn(raw: unknown): string | undefined {
  if (!isObject(raw) || !isObject(raw.grants))
    return 'expected { hiddenGrants, authOnlyGrants, legacyNames, grants: {...} }';
  const grants = raw.grants;
  for (const [name, def] of Object.entries(grants)) {
    const problem = grantProblem(name, def);
    if (problem) return problem;
  }
  const defs = grants as Record<string, GrantDefinition>;
  return (
    listProblem('hiddenGrants', raw.hiddenGrants, defs) ??
    listProblem('authOnlyGrants', raw.authOnlyGrants, defs) ??
    hiddenGroupProblem(raw.hiddenGrants as string[], defs) ??
    authOnlyProblem(raw.authOnlyGrants as string[], defs) ??
    legacyProblem(raw.legacyNames, defs)
  );
}

function grantProblem(name: string, def: unknown): string | undefined {
  if (!isObject(def)) return `grant "${name}" must be an object`;
  const missing = (['description', 'group', 'risk'] as const).find((field) => !isText(def[field]));
  if (missing) return `grant "${name}" needs a non-empty ${missing}`;
  if (!isStringList(def.rights)) return `grant "${name}": rights must be an array of strings`;
  return undefined;
}

function listProblem(label: string, list: unknown, grants: object): string | undefined {
  if (!isStringList(list)) return `${label} must be an array of grant names`;
  const unknown = list.find((name) => !owns(grants, name));
  return unknown === undefined ? undefined : `${label} names "${unknown}", which is not a grant`;
}

/** MediaWiki derives hidden grants from the group 'hidden' (GrantsInfo::getHiddenGrants): the two must agree. */
function hiddenGroupProblem(hidden: string[], grants: Record<string, GrantDefinition>): string | undefined {
  const mismatch = Object.keys(grants).find((name) => (grants[name].group === 'hidden') !== hidden.includes(name));
  return mismatch === undefined
    ? undefined
    : `grant "${mismatch}" must be in hiddenGrants exactly when its group is "hidden"`;
}

/**
 * The identity-only grants are not in MediaWiki's $wgGrantPermissions, so they must map to no rights
 * (docs/mediawiki-compatibility.md#rights).
 */
function authOnlyProblem(authOnly: string[], grants: Record<string, GrantDefinition>): string | undefined {
  const withRights = authOnly.find((name) => grants[name].rights.length > 0);
  return withRights === undefined ? undefined : `auth-only grant "${withRights}" must carry no rights`;
}

function legacyProblem(legacy: unknown, grants: object): string | undefined {
  if (!isObject(legacy)) return 'legacyNames must map old names to grant names';
  for (const [old, target] of Object.entries(legacy)) {
    if (owns(grants, old)) return `legacy name "${old}" is also a grant`;
    if (typeof target !== 'string' || !owns(grants, target))
      return `legacy name "${old}" points at "${String(target)}", which is not a grant`;
  }
  return undefined;
}
