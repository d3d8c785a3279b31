import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runInCouncil } from '../../database/council-context';
import { reindexPublic } from './public-search-index';

/** Serialises the backfill of instances starting together. */
const BACKFILL_LOCK = 727_019;

/**
 * A database published to before the search index existed gets its index once, at start: when the
 * index is empty while minutes are published or replies issued. Afterwards publication keeps it.
 * Each council in its own context: the start runs in none, and row-level security shows a
 * transaction only its council's rows.
 */
@Injectable()
export class PublicSearchBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(PublicSearchBackfill.name);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const councils: { id: number }[] = await this.ds.query('SELECT id FROM municipality ORDER BY id');
    for (const { id } of councils) await runInCouncil(id, () => this.backfill(id));
  }

  private backfill(councilId: number): Promise<void> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [BACKFILL_LOCK]);
      const [{ needed }]: { needed: boolean }[] = await m.query(
        `SELECT NOT EXISTS (SELECT 1 FROM public_search_line)
                AND (EXISTS (SELECT 1 FROM minutes WHERE state = 'published')
                     OR EXISTS (SELECT 1 FROM reply WHERE state = 'issued')) AS needed`,
      );
      if (!needed) return;
      await reindexPublic(m);
      this.logger.log({ councilId }, 'public search index built from what was already published');
    });
  }
}
