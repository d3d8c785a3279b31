import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { UnitOfWork } from '../database/unit-of-work';

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

/**
 * One schedule of the app under the name `name`: `start()` registers it at bootstrap (with `cron` or
 * `everyMinutes`) when it is configured, and it is removed at shutdown.
 */
export abstract class AppSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private kind: 'cron' | 'interval' | null = null;

  protected constructor(
    private readonly registry: SchedulerRegistry,
    private readonly name: string,
  ) {}

  /** Registers the schedule, or does nothing when the configuration turns it off. */
  protected abstract start(): void;

  onApplicationBootstrap(): void {
    this.start();
  }

  onApplicationShutdown(): void {
    if (this.kind) stopSchedule(this.registry, this.kind, this.name);
  }

  /** Registers and starts the cron job of this schedule. */
  protected cron(schedule: { cronTime: string; timeZone: string }, onTick: () => Promise<void>): CronJob {
    this.kind = 'cron';
    return startCronJob(this.registry, this.name, schedule, onTick);
  }

  /** Runs `run` now and then every `minutes` minutes as the interval of this schedule. */
  protected everyMinutes(minutes: number, run: () => Promise<unknown>, options?: { unref?: boolean }): void {
    this.kind = 'interval';
    runEveryMinutes(this.registry, this.name, minutes, run, options);
  }
}

/** Runs `work` in each council; a failure is logged as `what failed` and ends the run quietly. */
export function eachCouncilLogged(
  uow: UnitOfWork,
  logger: Logger,
  what: string,
  work: () => Promise<unknown>,
): Promise<void> {
  return uow.eachCouncil(what, work).then(
    () => undefined,
    (err: unknown) => logger.error({ err }, `${what} failed`),
  );
}
