import { Body, Controller } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';

const NOT_SET_UP = { description: 'COUNCIL_NOT_SET_UP: 審議会の初期設定がまだ行われていない' };
import { NoAudit } from '../../audit/audit.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/decorators';
import { SynonymListDto } from '../dto/synonyms.dto';
import { SynonymsService } from './synonyms.service';
import { ApiGet, ApiWrite } from '../../common/openapi/route';

@ApiTags('公開ポータル')
@Controller('api/public-portal/synonyms')
export class PublicSynonymsController {
  constructor(private readonly synonyms: SynonymsService) {}

  @ApiGet('', '公開ポータルの検索で使う関連語の一覧を取得する', ['secretariat'], SynonymListDto)
  @ApiConflictResponse(NOT_SET_UP)
  list(): Promise<SynonymListDto> {
    return this.synonyms.list();
  }

  @ApiWrite('put', '', '公開ポータルの検索で使う関連語の一覧を置き換える', ['secretariat'], SynonymListDto)
  @NoAudit()
  @ApiConflictResponse(NOT_SET_UP)
  replace(@CurrentUser() user: AuthUser, @Body() dto: SynonymListDto): Promise<SynonymListDto> {
    return this.synonyms.replace(user, dto);
  }
}
