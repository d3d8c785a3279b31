import { Injectable } from '@nestjs/common';
import { AuditQueryService } from '../audit/audit-query.service';
import type { AuditQueryDto } from '../audit/dto/audit.dto';
import type { AuthUser } from '../auth/auth-user';
import type { CaseQueryDto } from '../cases/dto/case-query.dto';
import { UpdateCaseDto } from '../cases/dto/case-input.dto';
import { CaseListItemDto } from '../cases/dto/case.dto';
import { CaseQueryService } from '../cases/case-query.service';
import { CasesService } from '../cases/cases.service';
import { createValidationPipe } from '../common/errors/validation';
import { formatWareki, formatWarekiDateTime } from '../common/format/wareki';
import { ConditionDto } from '../conditions/dto/condition.dto';
import { ConditionsService } from '../conditions/conditions.service';
import { KpiService } from '../kpi/kpi.service';
import { ExportErrors } from './exports.errors';
import { itemListWorkbook, parseItemListWorkbook } from './item-list-sheet';
import type { ExportTable } from './table';

/** Lists leave whole, not a page: bounded so one download cannot read the database dry. */
const EXPORT_MAX_ROWS = 10_000;
const PAGE = 100;

const dash = (v: number | null) => (v === null ? '' : v);

@Injectable()
export class ExportsService {
  constructor(
    private readonly cases: CasesService,
    private readonly caseQuery: CaseQueryService,
    private readonly conditions: ConditionsService,
    private readonly kpi: KpiService,
    private readonly auditQuery: AuditQueryService,
  ) {}

  /** The case list with the list's filters and the list's visibility (a clerk: their department). */
  async caseList(user: AuthUser, q: CaseQueryDto): Promise<ExportTable> {
    const items: CaseListItemDto[] = [];
    for (let page = 1; items.length < EXPORT_MAX_ROWS; page++) {
      const r = await this.caseQuery.list(user, { ...q, page, pageSize: PAGE });
      items.push(...r.items.map(CaseListItemDto.from));
      if (r.items.length < PAGE) break;
    }
    return {
      name: '事案一覧',
      headers: ['受付番号', '件名', '手続', '状態', '担当課', '根拠条項', '作成日', '更新日時'],
      rows: items.map((c) => [
        c.receiptNumber,
        c.title,
        c.procedureLabel,
        c.statusLabel,
        c.departmentName,
        c.legalBases.join('、'),
        formatWareki(c.createdAt),
        formatWarekiDateTime(c.updatedAt),
      ]),
    };
  }

  async conditionList(user: AuthUser, filter: { state?: string; overdue?: boolean }): Promise<ExportTable> {
    const rows = (await this.conditions.list(user, filter)).map((c) => ConditionDto.from(c, user));
    return {
      name: '付帯意見・条件一覧',
      headers: [
        '受付番号',
        '事案',
        '担当課',
        '付帯意見・条件',
        '報告期限',
        '状態',
        '期限超過',
        '完了時のコメント',
      ],
      rows: rows.map((c) => [
        c.receiptNumber,
        c.caseTitle,
        c.departmentName,
        c.text,
        formatWareki(c.dueDate),
        c.stateLabel,
        c.overdue ? '超過' : '',
        c.closingComment,
      ]),
    };
  }

  async kpiFigures(user: AuthUser): Promise<ExportTable> {
    const k = await this.kpi.secretariat(user);
    const rows: ExportTable['rows'][number][] = [
      ...k.casesByState.map((s) => ['状態別の事案数', s.label, s.count]),
      ['受付待ち', '件数', k.intakeQueue],
      ['提出から受付まで（日）', '件数', k.submissionToAcceptance.count],
      ['提出から受付まで（日）', '中央値', dash(k.submissionToAcceptance.medianDays)],
      ['提出から受付まで（日）', '最長', dash(k.submissionToAcceptance.maxDays)],
      ['提出から答申まで（日）', '件数', k.submissionToReply.count],
      ['提出から答申まで（日）', '中央値', dash(k.submissionToReply.medianDays)],
      ['提出から答申まで（日）', '最長', dash(k.submissionToReply.maxDays)],
      ['付帯意見・条件', '未完了', k.openConditions],
      ['付帯意見・条件', '期限超過', k.overdueConditions.length],
    ];
    return { name: '主要指標', headers: ['指標', '区分', '値'], rows };
  }

  async auditLog(q: AuditQueryDto): Promise<ExportTable> {
    const items: Awaited<ReturnType<AuditQueryService['search']>>['items'] = [];
    for (let page = 1; items.length < EXPORT_MAX_ROWS; page++) {
      const r = await this.auditQuery.search({ ...q, page, pageSize: PAGE });
      items.push(...r.items);
      if (r.items.length < PAGE) break;
    }
    return {
      name: '監査ログ',
      headers: ['日時', '操作者', '役割', '操作', '対象の種類', '対象 ID', 'IP アドレス', '結果', 'パス'],
      rows: items.map((a) => [
        formatWarekiDateTime(a.occurredAt),
        a.actorName,
        a.actorRole,
        a.action,
        a.targetType,
        a.targetId,
        a.ip,
        a.status,
        typeof a.detail?.path === 'string' ? a.detail.path : '',
      ]),
    };
  }

  /** 付属資料1 of a case as a workbook; whoever may see the case. */
  async itemListXlsx(user: AuthUser, caseId: string): Promise<{ file: Buffer; title: string }> {
    const c = await this.cases.get(user, caseId);
    return { file: await itemListWorkbook(c.items, c.title), title: c.title };
  }

  /**
   * Replaces the item list with the file's, through the case's own update (edit rights, locking,
   * validation, audit). Nothing is written unless every cell of the file is valid.
   */
  async importItemList(user: AuthUser, caseId: string, file: Buffer): Promise<number> {
    const parsed = await parseItemListWorkbook(file);
    if (!parsed.items) throw ExportErrors.invalidSheet(parsed.errors);
    const current = await this.cases.get(user, caseId);
    // The same DTO and pipe as a PATCH from the editor, so the file meets the API's own rules.
    const dto = (await createValidationPipe().transform(
      { version: current.version, items: parsed.items },
      { type: 'body', metatype: UpdateCaseDto },
    )) as UpdateCaseDto;
    const saved = await this.cases.update(user, caseId, dto);
    return saved.version;
  }
}
