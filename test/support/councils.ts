import type { DataSource } from 'typeorm';
import type { CreateCouncilDto } from '../../src/council/setup/council-setup.dto';
import { runInCouncil } from '../../src/database/council-context';
import { insertPlatformAdmin } from '../../src/platform/platform-admin-factory';
import { DEFAULT_PASSWORD } from './factories';

/** What an operator enters to create the council of `municipality`, administered by `admin-<key>`. */
export function councilSetupInput(
  key: string,
  municipality: string,
  catalogue = 'ordinance-shinjuku-style',
): CreateCouncilDto {
  return {
    municipality,
    councilName: `${municipality}個人情報保護審議会`,
    implementingBody: `${municipality}長`,
    secretariat: '総務課',
    catalogue,
    adminUsername: `admin-${key}`,
    adminPassword: DEFAULT_PASSWORD,
  };
}

/** A platform administrator (of no council, so made outside any council scope); its id. */
export async function makePlatformAdmin(
  ds: DataSource,
  username: string,
  displayName = '運用担当',
  password = DEFAULT_PASSWORD,
): Promise<string> {
  const admin = await runInCouncil(null, () =>
    ds.transaction((m) =>
      insertPlatformAdmin(m, { username, displayName, password, mustChangePassword: false }),
    ),
  );
  return admin.id;
}
