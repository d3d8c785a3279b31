import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Form, type FormPost, Roles } from '../../auth/decorators';
import { IdParam } from '../../common/http/id.pipe';
import { AppError } from '../../common/errors/app-error';
import { act, flashMessage } from '../../views/act';
import { choices, formDto, num, str, type FormBody } from '../../views/form';
import { todayInJapan } from '../../common/format/today';
import { Views } from '../../views/views';
import { MEMBER_TITLE_LABELS, MEMBER_TITLES } from '../council-member.entity';
import {
  CreateMemberAccountDto,
  CreateRosterMemberDto,
  EndTermDto,
  LinkAccountDto,
  RosterMemberDto,
  UpdateRosterMemberDto,
} from '../dto/roster.dto';
import { RosterService } from '../roster.service';
import { FormRoute } from '../../views/form-route';

const BACK = '/council/members';

/** The member's fields as the add and edit forms send them. */
const memberFields = (body: FormBody) => ({
  name: str(body.name),
  title: str(body.title),
  affiliation: str(body.affiliation),
  termStart: str(body.termStart),
  termEnd: str(body.termEnd),
});

/** The secretariat's roster screen: members in 名簿順, terms, accounts. */
@ApiExcludeController()
@Roles('secretariat', 'admin')
@Controller()
export class RosterWebController {
  constructor(
    private readonly views: Views,
    private readonly roster: RosterService,
  ) {}

  private async rosterPage(res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const [entries, accounts] = await Promise.all([this.roster.list(), this.roster.linkableAccounts()]);
    const members = entries.map(RosterMemberDto.from);
    const today = todayInJapan();
    this.views.page(
      res,
      'council/roster',
      '委員名簿',
      {
        members: members.map((m, i) => ({
          ...m,
          first: i === 0,
          last: i === members.length - 1,
          termOver: m.termEnd < today,
        })),
        accounts,
        titles: choices(MEMBER_TITLES, MEMBER_TITLE_LABELS),
        values: { title: 'member' },
        ...extra,
      },
      status,
    );
  }

  @Get('council/members')
  async rosterScreen(@Res() res: Response) {
    await this.rosterPage(res);
  }

  @FormRoute('council/members')
  async addMember(@Res() res: Response, @Form() { user: actor, body }: FormPost) {
    const input = memberFields(body);
    await act(
      res,
      {
        back: BACK,
        notice: (e) => `${e.member.name}委員を名簿に追加しました。`,
        rerender: (found, e) => this.rosterPage(res, { errors: found, values: input }, e.status),
      },
      async () => this.roster.create(actor, await formDto(CreateRosterMemberDto, input)),
    );
  }

  /** One row's actions: save, move up/down, end the term, remove, and the account. */
  @FormRoute('council/members/:id')
  async memberAction(@Res() res: Response, @Form() { user: actor, body }: FormPost, @IdParam() id: string) {
    const version = num(body.version);
    // A refusal is shown in the member's row, with each field's message after the general one.
    const rowRefusal = (_found: unknown, e: AppError) =>
      this.rosterPage(res, { rowErrors: { [id]: [flashMessage(e)] }, open: id }, e.status);
    // One row action: back to the roster with the notice, or the refusal shown in the row.
    const rowAct = <T>(notice: string | undefined, fn: () => Promise<T>) =>
      act(res, { back: BACK, notice, rerender: rowRefusal }, fn);
    switch (str(body.action)) {
      case 'up':
      case 'down': {
        const direction = str(body.action) as 'up' | 'down';
        return rowAct(undefined, () => this.roster.move(actor, id, direction));
      }
      case 'end-term':
        return rowAct('任期の末日を設定しました。', async () =>
          this.roster.endTerm(actor, id, await formDto(EndTermDto, { version, termEnd: str(body.termEnd) })),
        );
      case 'delete':
        return rowAct('名簿から削除しました。', () => this.roster.remove(actor, id, version ?? 0));
      case 'unlink':
        return rowAct('アカウントの結び付けを解除しました。', () =>
          this.roster.unlinkAccount(actor, id, version ?? 0),
        );
      case 'link':
        return rowAct('アカウントを結び付けました。', async () =>
          this.roster.linkAccount(
            actor,
            id,
            await formDto(LinkAccountDto, { version, userId: str(body.userId) }),
          ),
        );
      case 'create-account': {
        const input = {
          version,
          username: str(body.username),
          initialPassword: str(body.initialPassword) || undefined,
        };
        // The temporary password is shown once, on the page itself (never in a URL).
        return act(
          res,
          {
            back: BACK,
            rerender: rowRefusal,
            done: ({ entry, temporaryPassword }) =>
              this.rosterPage(res, {
                created: { name: entry.member.name, username: input.username, temporaryPassword },
              }),
          },
          async () => this.roster.createAccount(actor, id, await formDto(CreateMemberAccountDto, input)),
        );
      }
      default:
        return rowAct('委員の情報を保存しました。', async () =>
          this.roster.update(
            actor,
            id,
            await formDto(UpdateRosterMemberDto, { version, ...memberFields(body) }),
          ),
        );
    }
  }
}
