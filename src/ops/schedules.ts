import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/*
 * The app's schedules (backups, bin purge, minutes scan, audit anchor) in the SchedulerRegistry:
 * registered at bootstrap under a name, removed at shutdown.
 */

/** Registers the cron job `name` and starts it; a run still going delays the next one. */
export function startCronJob(
  registry: SchedulerRegistry,
  name: string,
  schedule: { cronTime: string; timeZone: string },
  onTick: () => Promise<void>,
): CronJob {
  const job = CronJob.from({ ...schedule, onTick, start: false, waitForCompletion: true });
  registry.addCronJob(name, job);
  job.start();
  return job;
}

/**
 * Runs `run` now and then every `minutes` minutes, registered as the interval `name`.
 * `unref`: the timer alone does not keep the process alive.
 */
export function runEveryMinutes(
  registry: SchedulerRegistry,
  name: string,
  minutes: number,
  run: () => Promise<unknown>,
  { unref = false } = {},
): void {
  const timer = setInterval(() => void run(), minutes * 60_000);
  if (unref) timer.unref();
  registry.addInterval(name, timer);
  void run();
}

/** Removes the schedule `name` (at shutdown), if it was registered. */
export function stopSchedule(registry: SchedulerRegistry, kind: 'cron' | 'interval', name: string): void {
  if (!registry.doesExist(kind, name)) return;
  if (kind === 'cron') registry.deleteCronJob(name);
  else registry.deleteInterval(name);
}
