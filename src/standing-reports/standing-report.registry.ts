import { Global, Injectable, Module } from '@nestjs/common';
import type { OperationsSectionSource, StandingReportSource } from './standing-report';

/** The kinds of standing report this installation can produce, filled by the features at start. */
@Injectable()
export class StandingReportRegistry {
  private readonly sources = new Map<string, StandingReportSource>();
  private readonly operationsSections: OperationsSectionSource[] = [];

  register(source: StandingReportSource): void {
    if (this.sources.has(source.kind)) throw new Error(`standing report ${source.kind} registered twice`);
    this.sources.set(source.kind, source);
  }

  addOperationsSection(source: OperationsSectionSource): void {
    this.operationsSections.push(source);
    this.operationsSections.sort((a, b) => a.order - b.order);
  }

  get(kind: string): StandingReportSource | undefined {
    return this.sources.get(kind);
  }

  all(): StandingReportSource[] {
    return [...this.sources.values()].sort((a, b) => a.order - b.order);
  }

  extraOperationsSections(): readonly OperationsSectionSource[] {
    return this.operationsSections;
  }
}

/** Global and dependency-free: the meeting page lists the kinds, features register theirs. */
@Global()
@Module({ providers: [StandingReportRegistry], exports: [StandingReportRegistry] })
export class StandingReportRegistryModule {}
