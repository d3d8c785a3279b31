import { Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, Roles } from '../../auth/decorators';
import { ApiCreate, ApiGet, ApiWrite } from './route';

class Dto {}

class Combined {
  @ApiGet(':id', '取得する', ['clerk', 'chair'], Dto) get() {}
  @ApiGet('', '一覧', 'authenticated', [Dto]) list() {}
  @ApiCreate('', '作成する', ['clerk'], Dto) create() {}
  @ApiWrite('post', ':id/state/:action', '進める', ['secretariat'], Dto) act() {}
  @ApiWrite('patch', ':id', '変更する', ['clerk'], { type: Dto, description: '変更後' }) update() {}
  @ApiWrite('delete', ':id', '削除する', ['admin']) remove() {}
  @ApiGet('mine', '継承する', 'controller', Dto) inherit() {}
}

class Written {
  @ApiOperation({ summary: '取得する' })
  @Get(':id')
  @Roles('clerk', 'chair')
  @ApiOkResponse({ type: Dto })
  get() {}

  @ApiOperation({ summary: '一覧' })
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [Dto] })
  list() {}

  @ApiOperation({ summary: '作成する' })
  @Post()
  @Roles('clerk')
  @ApiCreatedResponse({ type: Dto })
  create() {}

  @ApiOperation({ summary: '進める' })
  @Post(':id/state/:action')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: Dto })
  act() {}

  @ApiOperation({ summary: '変更する' })
  @Patch(':id')
  @Roles('clerk')
  @ApiOkResponse({ type: Dto, description: '変更後' })
  update() {}

  @ApiOperation({ summary: '削除する' })
  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  remove() {}

  @ApiOperation({ summary: '継承する' })
  @Get('mine')
  @ApiOkResponse({ type: Dto })
  inherit() {}
}

function metadataOf(cls: { prototype: object }, method: string) {
  const fn = Object.getOwnPropertyDescriptor(cls.prototype, method)!.value as object;
  return Object.fromEntries(
    Reflect.getMetadataKeys(fn)
      .sort()
      .map((k) => [k, Reflect.getMetadata(k, fn) as unknown]),
  );
}

describe('the route decorators', () => {
  it.each(['get', 'list', 'create', 'act', 'update', 'remove', 'inherit'])(
    'set on %s exactly what the decorators written out set',
    (method) => {
      expect(metadataOf(Combined, method)).toEqual(metadataOf(Written, method));
    },
  );

  it('answer 204 without a body and 200 on a POST that returns one', () => {
    expect(metadataOf(Combined, 'remove')['__httpCode__']).toBe(204);
    expect(metadataOf(Combined, 'act')['__httpCode__']).toBe(200);
    expect(metadataOf(Combined, 'create')['__httpCode__']).toBeUndefined();
    expect(metadataOf(Combined, 'inherit')['auth:roles']).toBeUndefined(); // the controller's roles apply
  });
});
