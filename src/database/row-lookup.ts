import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata';

/** Relations to read with the row, as in `findOne({ relations })`: `{ consumer: { owner: true } }`. */
export interface LookupRelations {
  [property: string]: true | LookupRelations;
}

export interface RowLookupOptions<T> {
  /** Also read the root's `select: false` columns (secret seeds), for callers that need them. Never the relations'. */
  hidden?: boolean;
  /** Only these columns of the root (its primary key is always read). */
  select?: ReadonlyArray<keyof T & string>;
  relations?: LookupRelations;
}

/** One table of the statement: its alias, the columns read from it, and how it hangs off its parent. */
interface Node {
  alias: string;
  metadata: EntityMetadata;
  columns: Array<{ column: ColumnMetadata; key: string }>;
  primary: string[];
  relation?: RelationMetadata;
  many: boolean;
  children: Node[];
}

/**
 * One row of an entity by equality on `keys`, with the relations asked for joined in the same
 * statement, its SELECT built once: what TypeORM's `findOne({ where, relations })` reads (names
 * escaped by the driver, keys and results converted by its `preparePersistentValue` /
 * `prepareHydratedValue`), without building the query and running the result transformer on
 * every call, which cost more than the round trip itself. For the request-verification path,
 * where a cache miss must cost one round trip, not one per row. At most one to-many relation
 * (its rows come back one per child; two would multiply).
 */
export function rowLookup<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  keys: ReadonlyArray<keyof T & string>,
  options: RowLookupOptions<T> = {},
): (...values: unknown[]) => Promise<T | null> {
  const driver = dataSource.driver;
  const q = (name: string) => driver.escape(name);
  let aliases = 0;
  const node = (
    metadata: EntityMetadata,
    relations: LookupRelations | undefined,
    relation?: RelationMetadata,
  ): Node => {
    const alias = `t${aliases++}`;
    const root = relation === undefined;
    const wanted =
      root && options.select
        ? new Set<string>([...options.select, ...metadata.primaryColumns.map((c) => c.propertyName)])
        : undefined;
    const columns = metadata.columns
      .filter((c) => !c.isVirtual && (wanted ? wanted.has(c.propertyName) : c.isSelect || (root && options.hidden)))
      .map((column) => ({ column, key: `${alias}_${column.databaseName}` }));
    const children = Object.entries(relations ?? {}).map(([property, nested]) => {
      const child = metadata.findRelationWithPropertyPath(property);
      if (!child) throw new Error(`rowLookup: ${metadata.name} has no relation ${property}`);
      return node(child.inverseEntityMetadata, nested === true ? undefined : nested, child);
    });
    const primary = metadata.primaryColumns.map((c) => `${alias}_${c.databaseName}`);
    return { alias, metadata, columns, primary, relation, many: relation?.isOneToMany ?? false, children };
  };
  const root = node(dataSource.getMetadata(entity), options.relations);
  const all = flatten(root);
  if (all.filter((n) => n.many).length > 1) throw new Error('rowLookup: at most one to-many relation');
  const toMany = all.some((n) => n.many);

  const keyColumns = keys.map((key) => {
    const column = root.metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`rowLookup: ${root.metadata.name} has no column ${key}`);
    return column;
  });
  const joins = all.slice(1).map((n) => {
    const parent = all.find((p) => p.children.includes(n))!;
    // Many-to-one: the foreign key is on the parent; one-to-many: on the child (the inverse side).
    const on = n.many
      ? n.relation!.inverseRelation!.joinColumns.map(
          (c) => `${q(n.alias)}.${q(c.databaseName)} = ${q(parent.alias)}.${q(c.referencedColumn!.databaseName)}`,
        )
      : n.relation!.joinColumns.map(
          (c) => `${q(n.alias)}.${q(c.referencedColumn!.databaseName)} = ${q(parent.alias)}.${q(c.databaseName)}`,
        );
    return ` LEFT JOIN ${q(n.metadata.tablePath)} ${q(n.alias)} ON ${on.join(' AND ')}`;
  });
  const many = all.find((n) => n.many);
  const sql =
    'SELECT ' +
    all
      .flatMap((n) => n.columns.map(({ column, key }) => `${q(n.alias)}.${q(column.databaseName)} AS ${q(key)}`))
      .join(', ') +
    ` FROM ${q(root.metadata.tablePath)} ${q(root.alias)}${joins.join('')}` +
    ` WHERE ${keyColumns.map((c) => `${q(root.alias)}.${q(c.databaseName)} = ?`).join(' AND ')}` +
    // The children in key order, so that a reader always sees them the same way; one root only.
    (many
      ? ` ORDER BY ${many.metadata.primaryColumns.map((c) => `${q(many.alias)}.${q(c.databaseName)}`).join(', ')}`
      : ' LIMIT 1');

  return async (...values) => {
    const rows = await dataSource.query<Array<Record<string, unknown>>>(
      sql,
      keyColumns.map((c, i): unknown => driver.preparePersistentValue(values[i], c)),
    );
    if (rows.length === 0) return null;
    // Keys are unique in practice; with a to-many join, only the first root's rows belong to it.
    const mine = toMany ? rows.filter((row) => sameKey(row, rows[0], root.primary)) : rows;
    return hydrate(root, mine, driver) as T;
  };
}

function flatten(node: Node): Node[] {
  return [node, ...node.children.flatMap(flatten)];
}

function sameKey(a: Record<string, unknown>, b: Record<string, unknown>, primary: string[]): boolean {
  return primary.every((key) => String(a[key]) === String(b[key]));
}

/**
 * Builds the entity from its rows as TypeORM's transformer does: a to-one relation that found
 * nothing is null, a to-many one is an array (empty when nothing was found), children in row order.
 */
function hydrate(node: Node, rows: Array<Record<string, unknown>>, driver: DataSource['driver']): ObjectLiteral | null {
  const first = rows[0];
  if (node.primary.some((key) => first[key] === null || first[key] === undefined)) return null;
  const found = node.metadata.create() as ObjectLiteral;
  for (const { column, key } of node.columns)
    column.setEntityValue(found, driver.prepareHydratedValue(first[key], column));
  for (const child of node.children) {
    if (!child.many) {
      found[child.relation!.propertyName] = hydrate(child, rows, driver);
      continue;
    }
    const items: ObjectLiteral[] = [];
    for (let i = 0; i < rows.length; i += 1) {
      if (i > 0 && sameKey(rows[i], rows[i - 1], child.primary)) continue;
      const item = hydrate(child, [rows[i]], driver);
      if (item) items.push(item);
    }
    found[child.relation!.propertyName] = items;
  }
  return found;
}
