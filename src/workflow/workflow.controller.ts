import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { AuditTarget, NoAudit } from '../audit/audit.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IdPipe } from '../common/http/id.pipe';
import { caseMachine } from './case-state-machine';
import { WorkflowErrors } from './state-machine';
import { CaseActionDto, CaseTransitionDto, CaseWorkflowDto, IntakeItemDto } from './dto/workflow.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('審議の流れ')
@AuditTarget('case')
@Controller('api/workflow')
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @Roles('secretariat')
  @ApiOperation({ summary: '事務局の受付待ち一覧を取得する' })
  @Get('intake')
  @ApiOkResponse({ type: [IntakeItemDto] })
  async intake(): Promise<IntakeItemDto[]> {
    return (await this.workflow.intakeQueue()).map(IntakeItemDto.from);
  }

  @Roles('clerk', 'secretariat')
  @ApiOperation({ summary: '審議の流れにある事案の一覧を取得する' })
  @Get('cases')
  @ApiOkResponse({ type: [CaseWorkflowDto] })
  async list(@CurrentUser() user: AuthUser, @Query('status') status?: string): Promise<CaseWorkflowDto[]> {
    return (await this.workflow.listCases(user, status)).map((c) => CaseWorkflowDto.from(c, user));
  }

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @ApiOperation({ summary: '事案の審議状況と可能な操作を取得する' })
  @Get('cases/:id')
  @ApiOkResponse({ type: CaseWorkflowDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<CaseWorkflowDto> {
    return CaseWorkflowDto.from(await this.workflow.getCase(user, id), user);
  }

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @ApiOperation({ summary: '事案の状態の履歴を取得する' })
  @Get('cases/:id/history')
  @ApiOkResponse({ type: [CaseTransitionDto] })
  async history(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
  ): Promise<CaseTransitionDto[]> {
    await this.workflow.getCase(user, id);
    return (await this.workflow.history(id)).map(CaseTransitionDto.from);
  }

  /** submit, resubmit, sendBack, accept, withdraw. Audited with the transition. */
  @Roles('clerk', 'secretariat')
  @NoAudit()
  @ApiOperation({ summary: '事案の状態を進める（提出・受付・差戻しなど）' })
  @Post('cases/:id/:action')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseWorkflowDto })
  async act(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('action') action: string,
    @Body() dto: CaseActionDto,
  ): Promise<CaseWorkflowDto> {
    if (!caseMachine.isAction(action)) throw WorkflowErrors.unknownAction(action);
    return CaseWorkflowDto.from(await this.workflow.act(user, id, action, dto), user);
  }
}
