import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditModule } from './audit/audit.module';
import { GlobalAuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { ProblemDetailsFilter } from './common/errors/problem.filter';
import { logDestination } from './common/logging/log-format';
import type { AppConfig } from './config/config';
import { CasesModule } from './cases/cases.module';
import { ConfigModule } from './config/config.module';
import { appDatabaseUrl, openAppDataSource } from './database/app-role';
import { dataSourceOptions } from './database/data-source-options';
import { ENTITIES } from './database/entities';
import { UnitOfWorkModule } from './database/unit-of-work';
import { DepartmentsModule } from './departments/departments.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { OpsModule } from './ops/ops.module';
import { UsersModule } from './users/users.module';
import { ViewsModule } from './views/views.module';
import { ConditionsModule } from './conditions/conditions.module';
import { KpiModule } from './kpi/kpi.module';
import { MeetingsModule } from './meetings/meetings.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RepliesModule } from './replies/replies.module';
import { WorkflowModule } from './workflow/workflow.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DocumentsModule } from './documents/documents.module';
import { PapersModule } from './documents/papers/papers.module';
import { MinutesModule } from './minutes/minutes.module';
import { PublicPortalModule } from './public-portal/public-portal.module';
import { StatisticsModule } from './statistics/statistics.module';
import { StandingReportsModule } from './standing-reports/standing-reports.module';
import { SetupModule } from './council/setup/setup.module';
import { HistoryModule } from './history/history.module';
import { RosterModule } from './council/roster.module';
import { IncidentsModule } from './incidents/incidents.module';
import { FileRegisterModule } from './file-register/file-register.module';
import { ImpactAssessmentsModule } from './impact-assessments/impact-assessments.module';
import { PlatformModule } from './platform/platform.module';

@Module({})
export class AppModule {
  /** `databaseUrl`: the owner's (migrations ran with it); the queries run as the application role. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const appUrl = appDatabaseUrl(databaseUrl, config.appDatabaseUrl);
    const httpLog = {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/assets/') ?? false },
    };
    const terminal = logDestination(config.nodeEnv, process.stdout.isTTY);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: terminal ? [httpLog, terminal] : httpLog }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(appUrl, ENTITIES),
          dataSourceFactory: (options) => openAppDataSource(options!, databaseUrl),
        }),
        UnitOfWorkModule,
        // Before the feature modules: its `export.csv` routes must win over their `:id` routes.
        ExportsModule,
        AuditModule,
        AuthModule,
        UsersModule,
        DepartmentsModule,
        CasesModule,
        HealthModule,
        OpsModule,
        ViewsModule,
        DashboardModule,
        NotificationsModule,
        WorkflowModule,
        ConditionsModule,
        RepliesModule,
        MeetingsModule,
        MinutesModule,
        KpiModule,
        StatisticsModule,
        DocumentsModule,
        PapersModule,
        PublicPortalModule,
        FileRegisterModule,
        SetupModule,
        HistoryModule,
        RosterModule,
        StandingReportsModule,
        IncidentsModule,
        ImpactAssessmentsModule,
        PlatformModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: GlobalAuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
