import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * One row of an entity by equality on `keys`, its SELECT built once: the statement TypeORM's
 * `findOne` sends for a plain entity (names escaped by the driver, keys and results converted by
 * its `preparePersistentValue` / `prepareHydratedValue`), without building a query and running
 * the result transformer on every call, which cost more than the round trip itself. For the
 * cache misses of the request-verification path. No relations; `hidden` also reads the
 * `select: false` columns (secret seeds), for callers that need them.
 */
export function rowLookup<T extends ObjectLiteral>(
  dataSource: DataSource, entity: EntityTarget<T>, keys: ReadonlyArray<keyof T & string>, options: { hidden?: boolean } = {},
): (...values: unknown[]) => Promise<T | null> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  const columns: ColumnMetadata[] = metadata.columns.filter((c) => !c.isVirtual && (options.hidden || c.isSelect));
  const keyColumns = keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`rowLookup: ${metadata.name} has no column ${key}`);
    return column;
  });
  const sql = `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(metadata.tablePath)}`
    + ` WHERE ${keyColumns.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')} LIMIT 1`;
  return async (...values) => {
    const rows = (await dataSource.query(sql, keyColumns.map((c, i) => driver.preparePersistentValue(values[i], c)))) as Array<Record<string, unknown>>;
    if (rows.length === 0) return null;
    const found = metadata.create() as T;
    for (const column of columns) column.setEntityValue(found, driver.prepareHydratedValue(rows[0][column.databaseName], column));
    return found;
  };
}
