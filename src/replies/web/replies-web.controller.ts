import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, lines, num, str } from '../../views/form';
import { IssueReplyDto, ReplyDto, UpdateReplyDto } from '../dto/reply.dto';
import { buildReplyDocument } from '../reply-document';
import { RepliesService } from '../replies.service';
import { Views } from '../../views/views';
import { FormRoute } from '../../views/form-route';

/** The replies (答申): the list, the draft editor and issuing. */
@ApiExcludeController()
@Controller()
export class RepliesWebController {
  constructor(
    private readonly views: Views,
    private readonly replies: RepliesService,
  ) {}

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('replies')
  async replyList(@Res() res: Response, @CurrentUser() user: AuthUser) {
    const list = (await this.replies.list(user)).map((r) => ReplyDto.from(r, { caseTitle: r.caseTitle }));
    this.views.page(res, 'council/replies', '答申', { replies: list });
  }

  @Roles('secretariat', 'member', 'chair', 'clerk')
  @Get('replies/:id')
  async replyPage(@Res() res: Response, @CurrentUser() user: AuthUser, @IdParam() id: string) {
    const { reply, caseFile, revisions } = await this.replies.get(user, id);
    const r = ReplyDto.from(reply, {
      caseTitle: caseFile.title,
      revisions,
      document: buildReplyDocument(reply, caseFile),
    });
    this.views.page(res, 'council/reply', r.numberLabel ?? '答申（案）', {
      r,
      editable: user.role === 'secretariat' && r.state === 'draft',
      canDownloadNotice: user.role === 'secretariat' || user.role === 'clerk',
      opinionsText: r.supplementaryOpinions.join('\n'),
    });
  }

  @FormRoute('replies/:id', 'secretariat')
  async replyAction(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const issue = str(body.action) === 'issue';
    await act(
      res,
      { back: `/replies/${id}`, notice: issue ? '答申を発出しました。' : '答申案を保存しました。' },
      async () => {
        if (issue)
          return this.replies.issue(
            user,
            id,
            (await formDto(IssueReplyDto, { version: num(body.version) })).version,
          );
        const dto = await formDto(UpdateReplyDto, {
          version: num(body.version),
          replyDate: str(body.replyDate) || undefined,
          addressee: str(body.addressee) || undefined,
          sender: str(body.sender) || undefined,
          title: str(body.title) || undefined,
          body: str(body.body) || undefined,
          supplementaryOpinions: lines(body.supplementaryOpinions),
          conditionDueDate: str(body.conditionDueDate) || undefined,
        });
        await this.replies.update(user, id, dto);
      },
    );
  }
}
