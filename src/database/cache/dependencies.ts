import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import type { LookupRelations } from '../row-lookup';

/**
 * What a cached value depends on, as counters of the change tracker: `<table>` counts updates and
 * removals of that table's rows, `<table>+` counts new rows. A cached row (and every to-one row
 * joined to it) can only go stale when one of those rows is updated or removed: it was found by a
 * key a new row cannot have had. A to-many relation (a user's group memberships) also goes stale
 * when a child row is added.
 */
export function dependenciesOf<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  relations: LookupRelations = {},
): string[] {
  const keys = new Set<string>();
  const walk = (metadata: EntityMetadata, nested: LookupRelations, many: boolean) => {
    keys.add(changedKey(metadata.tableName));
    if (many) keys.add(addedKey(metadata.tableName));
    for (const [property, deeper] of Object.entries(nested)) {
      const relation = metadata.findRelationWithPropertyPath(property);
      if (!relation) throw new Error(`cache: ${metadata.name} has no relation ${property}`);
      const toMany = relation.isOneToMany || relation.isManyToMany;
      walk(relation.inverseEntityMetadata, deeper === true ? {} : deeper, toMany);
    }
  };
  walk(dataSource.getMetadata(entity), relations, false);
  return [...keys];
}

export const changedKey = (table: string): string => table;
export const addedKey = (table: string): string => `${table}+`;

/**
 * The tables whose rows the database deletes with a row of `table` (foreign keys ON DELETE
 * CASCADE, followed transitively), read from the entities' metadata: removing a consumer removes
 * its authorizations and their tokens, and no subscriber sees those rows go.
 */
export function cascadesOf(dataSource: DataSource): Map<string, string[]> {
  const direct = new Map<string, Set<string>>();
  for (const metadata of dataSource.entityMetadatas) {
    for (const relation of metadata.manyToOneRelations) {
      if (relation.onDelete !== 'CASCADE') continue;
      const parent = relation.inverseEntityMetadata.tableName;
      if (!direct.has(parent)) direct.set(parent, new Set());
      direct.get(parent)!.add(metadata.tableName);
    }
  }
  const closed = new Map<string, string[]>();
  for (const table of direct.keys()) {
    const seen = new Set<string>();
    const visit = (t: string) => {
      for (const child of direct.get(t) ?? []) {
        if (seen.has(child) || child === table) continue;
        seen.add(child);
        visit(child);
      }
    };
    visit(table);
    closed.set(table, [...seen]);
  }
  return closed;
}
