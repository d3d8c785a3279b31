import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, num, str } from '../../views/form';
import { caseMachine } from '../case-state-machine';
import { CaseActionDto, CaseTransitionDto, CaseWorkflowDto, IntakeItemDto } from '../dto/workflow.dto';
import { WorkflowService } from '../workflow.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** The intake queue and a case's workflow screen (accept, send back, every transition). */
@ApiExcludeController()
@Controller()
export class IntakeWebController {
  constructor(
    private readonly views: Views,
    private readonly workflow: WorkflowService,
  ) {}

  @Roles('secretariat')
  @Get('intake')
  async intake(@Res() res: Response) {
    const queue = (await this.workflow.intakeQueue()).map(IntakeItemDto.from);
    this.views.page(res, 'council/intake', '受付', { queue });
  }

  @FormRoute('intake/:id', 'secretariat')
  async intakeAction(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const action = str(body.action) === 'sendBack' ? 'sendBack' : 'accept';
    await act(
      res,
      { back: '/intake', notice: action === 'accept' ? '受け付けました。' : '差し戻しました。' },
      async () => {
        const dto = await formDto(CaseActionDto, {
          comment: str(body.comment) || undefined,
          version: num(body.version),
          // A past receipt entered from the records (empty: today).
          receivedOn: (action === 'accept' && str(body.receivedOn)) || undefined,
        });
        const c = await this.workflow.act(user, id, action, dto);
        if (action === 'accept') return c.receiptNumber;
      },
    );
  }

  @Roles('clerk', 'secretariat', 'member', 'chair')
  @Get('cases/:id/workflow')
  async caseWorkflow(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const c = CaseWorkflowDto.from(await this.workflow.getCase(user, id), user);
    const history = (await this.workflow.history(id)).map(CaseTransitionDto.from);
    const actions = c.allowedActions.map((a) => ({
      action: a,
      label: caseMachine.table[a as keyof typeof caseMachine.table].label,
      needsComment: Boolean(caseMachine.table[a as keyof typeof caseMachine.table].requiresComment),
    }));
    this.views.page(res, 'council/case-workflow', `事案の進行: ${c.title}`, {
      c,
      history,
      actions,
    });
  }

  @FormRoute('cases/:id/workflow', 'clerk', 'secretariat')
  async caseWorkflowAction(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const action = str(body.action);
    await act(res, { back: `/cases/${id}/workflow`, notice: '更新しました。' }, async () => {
      if (!caseMachine.isAction(action))
        throw new AppError('WORKFLOW_UNKNOWN_ACTION', 400, '操作を選んでください。');
      const dto = await formDto(CaseActionDto, {
        comment: str(body.comment) || undefined,
        version: num(body.version),
      });
      await this.workflow.act(user, id, action, dto);
    });
  }
}
