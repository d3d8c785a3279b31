import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one place that describes how we talk to PostgreSQL. `synchronize` is off everywhere:
 * the schema changes only through migrations.
 */
export function dataSourceOptions(
  url: string,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: 'shingikai',
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
