import { CatalogFile, readCatalogFile } from './catalog-file';

export interface GroupDefinition {
  description: string;
  rights: string[];
}

const RIGHTS_FILE: CatalogFile = { label: 'rights catalog', shipped: 'rights.json', setting: 'RIGHTS_FILE' };

/** Groups → rights, read once from catalog/rights.json or RIGHTS_FILE, and checked at boot. */
export class RightsCatalog {
  private readonly groups: Map<string, ReadonlySet<string>>;

  private constructor(
    readonly implicitGroups: readonly string[],
    definitions: Record<string, GroupDefinition>,
  ) {
    this.groups = new Map(Object.entries(definitions).map(([name, def]) => [name, new Set(def.rights)]));
    this.descriptions = Object.fromEntries(Object.entries(definitions).map(([name, def]) => [name, def.description]));
  }

  readonly descriptions: Readonly<Record<string, string>>;

  /** catalog/rights.json, or the file RIGHTS_FILE names. */
  static fromFile(path?: string): RightsCatalog {
    const { raw, path: source } = readCatalogFile(RIGHTS_FILE, path);
    return RightsCatalog.fromJson(raw, source);
  }

  static fromJson(raw: unknown, source = 'rights catalog'): RightsCatalog {
    const data = raw as { implicitGroups?: unknown; groups?: unknown };
    const groups = data?.groups as Record<string, GroupDefinition> | undefined;
    const implicit = data?.implicitGroups;
    const valid =
      groups &&
      typeof groups === 'object' &&
      Array.isArray(implicit) &&
      Object.values(groups).every(
        (g) => g && Array.isArray(g.rights) && g.rights.every((r) => typeof r === 'string'),
      ) &&
      implicit.every((g) => typeof g === 'string' && g in groups);
    if (!valid)
      throw new Error(
        `${source}: expected { implicitGroups: [...], groups: { name: { rights: [...] } } } ` +
          'with implicit groups defined',
      );
    return new RightsCatalog(implicit as string[], groups);
  }

  /** Every group name, implicit ones included. */
  get groupNames(): string[] {
    return [...this.groups.keys()];
  }

  /** Groups that can be assigned to an account (the implicit ones cannot). */
  isAssignable(group: string): boolean {
    return this.groups.has(group) && !this.implicitGroups.includes(group);
  }

  /** The effective groups of an account: its explicit groups plus the implicit ones. */
  effectiveGroups(explicit: readonly string[]): string[] {
    return [...new Set([...this.implicitGroups, ...explicit])];
  }

  /** The union of the rights of `groups`; unknown groups carry none. */
  rightsOf(groups: readonly string[]): Set<string> {
    const rights = new Set<string>();
    for (const group of groups) for (const right of this.groups.get(group) ?? []) rights.add(right);
    return rights;
  }

  /** What everyone, logged in or not, may do: a blocked account gets no more than this. */
  get everyoneRights(): Set<string> {
    return this.rightsOf(['*']);
  }
}
