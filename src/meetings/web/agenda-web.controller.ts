import { Controller, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost } from '../../auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { IdParam } from '../../common/http/id.pipe';
import { act } from '../../views/act';
import { formDto, str } from '../../views/form';
import { AgendaService } from '../agenda.service';
import {
  AddCaseDto,
  AddDocumentDto,
  AddReportDto,
  GroupDto,
  ItemOptionsDto,
  ReorderDto,
} from '../dto/agenda.dto';
import { MeetingViewService } from '../meeting-view.service';
import { FormRoute } from '../../views/form-route';

/** The agenda builder on the meeting page. */
@ApiExcludeController()
@Controller()
export class AgendaWebController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly view: MeetingViewService,
  ) {}

  /** The agenda builder's buttons. */
  @FormRoute('meetings/:id/agenda', 'secretariat')
  async agendaAction(@Res() res: Response, @Form() { user, body }: FormPost, @IdParam() id: string) {
    const op = str(body.op);
    const itemId = str(body.itemId);
    await act(res, { back: `/meetings/${id}#agenda`, notice: '議題を更新しました。' }, async () => {
      switch (op) {
        case 'addCase':
          return this.agenda.addCase(
            user,
            id,
            (await formDto(AddCaseDto, { caseId: str(body.caseId) })).caseId,
          );
        case 'addReport':
          return this.agenda.addSecretariatReport(
            user,
            id,
            (await formDto(AddReportDto, { title: str(body.title) })).title,
          );
        case 'addConditionReports':
          return this.agenda.addConditionReports(user, id);
        case 'remove':
          return this.agenda.removeItem(user, id, itemId);
        case 'ungroup':
          return this.agenda.ungroup(user, id, itemId);
        case 'group': {
          const ids = ([] as unknown[])
            .concat(body.groupItems ?? [])
            .map(str)
            .filter(Boolean);
          return this.agenda.group(user, id, (await formDto(GroupDto, { itemIds: ids })).itemIds);
        }
        case 'addDocument':
          return this.agenda.addDocument(
            user,
            id,
            itemId,
            (await formDto(AddDocumentDto, { title: str(body.title) })).title,
          );
        case 'removeDocument':
          return this.agenda.removeDocument(user, id, str(body.documentId));
        case 'up':
        case 'down': {
          const d = await this.view.detail(user, id);
          const item = d.items.find((i) => i.item.id === itemId);
          if (!item) return;
          const order = d.items.filter((i) => i.item.section === item.item.section).map((i) => i.item.id);
          const at = order.indexOf(itemId);
          const to = op === 'up' ? at - 1 : at + 1;
          if (to < 0 || to >= order.length) return;
          [order[at], order[to]] = [order[to], order[at]];
          const dto = await formDto(ReorderDto, {
            section: item.item.section,
            itemIds: order,
            confirmRenumber: body.confirmRenumber === 'on',
          });
          return this.agenda.reorder(user, id, dto);
        }
        case 'closedSession':
          return this.agenda.setOptions(
            user,
            id,
            itemId,
            await formDto(ItemOptionsDto, { closedSession: body.closedSession === 'on' }),
          );
        default:
          throw new AppError('AGENDA_UNKNOWN_OPERATION', 400, '操作を選んでください。');
      }
    });
  }
}
