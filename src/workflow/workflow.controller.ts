import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { caseMachine } from './case-state-machine';
import { WorkflowErrors } from './state-machine';
import { CaseActionDto, CaseTransitionDto, CaseWorkflowDto, IntakeItemDto } from './dto/workflow.dto';
import { WorkflowService } from './workflow.service';
import { ApiGet, ApiWrite } from '../common/openapi/route';
import { IdParam } from '../common/http/id.pipe';

@ApiTags('審議の流れ')
@AuditTarget('case')
@Controller('api/workflow')
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @ApiGet('intake', '事務局の受付待ち一覧を取得する', ['secretariat'], [IntakeItemDto])
  async intake(): Promise<IntakeItemDto[]> {
    return (await this.workflow.intakeQueue()).map(IntakeItemDto.from);
  }

  @ApiGet('cases', '審議の流れにある事案の一覧を取得する', ['clerk', 'secretariat'], [CaseWorkflowDto])
  async list(@CurrentUser() user: AuthUser, @Query('status') status?: string): Promise<CaseWorkflowDto[]> {
    return (await this.workflow.listCases(user, status)).map((c) => CaseWorkflowDto.from(c, user));
  }

  @ApiGet(
    'cases/:id',
    '事案の審議状況と可能な操作を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    CaseWorkflowDto,
  )
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<CaseWorkflowDto> {
    return CaseWorkflowDto.from(await this.workflow.getCase(user, id), user);
  }

  @ApiGet(
    'cases/:id/history',
    '事案の状態の履歴を取得する',
    ['clerk', 'secretariat', 'member', 'chair'],
    [CaseTransitionDto],
  )
  async history(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<CaseTransitionDto[]> {
    await this.workflow.getCase(user, id);
    return (await this.workflow.history(id)).map(CaseTransitionDto.from);
  }

  /** submit, resubmit, sendBack, accept, withdraw. Audited with the transition. */
  @ApiWrite(
    'post',
    'cases/:id/:action',
    '事案の状態を進める（提出・受付・差戻しなど）',
    ['clerk', 'secretariat'],
    CaseWorkflowDto,
  )
  @NoAudit()
  async act(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Param('action') action: string,
    @Body() dto: CaseActionDto,
  ): Promise<CaseWorkflowDto> {
    if (!caseMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return CaseWorkflowDto.from(await this.workflow.act(user, id, action, dto), user);
  }
}
