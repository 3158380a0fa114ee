import { DataSource } from 'typeorm';
import { withEnvFile } from './src/common/config/env-file';
import { loadConfig } from './src/common/config/load-config';
import { buildDataSourceOptions } from './src/schema/data-source-options';

/**
 * The data source for the TypeORM CLI (`npm run migration:run|revert|generate`), built from the
 * same environment and the same options as the application's (src/schema/data-source-options.ts).
 */
export default new DataSource(buildDataSourceOptions(loadConfig(withEnvFile(process.env)).database));
