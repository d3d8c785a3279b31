import { SchedulerRegistry } from '@nestjs/schedule';
import { BACKUP_JOB } from '../../../src/ops/backup.scheduler';
import { MINUTES_SCAN_JOB } from '../../../src/minutes/minutes-scan.scheduler';
import { startTestApp } from '../../support/test-app';

describe('the minutes confirmation scan is scheduled like the backups', () => {
  it('runs every MINUTES_SCAN_MINUTES through the scheduler registry, and stops with the app', async () => {
    const t = await startTestApp({ env: { MINUTES_SCAN_MINUTES: '15', BACKUP_SCHEDULE: '0 2 * * *' } });
    const registry = t.app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toContain(MINUTES_SCAN_JOB);
    expect([...registry.getCronJobs().keys()]).toContain(BACKUP_JOB);
    await t.close();
    expect(registry.getIntervals()).not.toContain(MINUTES_SCAN_JOB);
  });

  it('is off when MINUTES_SCAN_MINUTES is 0', async () => {
    const t = await startTestApp({ env: { MINUTES_SCAN_MINUTES: '0' } });
    try {
      expect(t.app.get(SchedulerRegistry).getIntervals()).not.toContain(MINUTES_SCAN_JOB);
    } finally {
      await t.close();
    }
  });
});
