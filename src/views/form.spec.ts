import { IsInt, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AppError } from '../common/errors/app-error';
import { choices, formDto, jst, lines, num, parseForm } from './form';

/** A form's API DTO, as a feature declares it. */
class EditLineDto {
  @IsOptional() @IsInt() version?: number;
  @IsString() @MinLength(1) @MaxLength(20_000) text: string;
}

describe('parseForm', () => {
  it('checks a form with the API DTO and gives each field its Japanese message', async () => {
    const { errors } = await parseForm(EditLineDto, { text: 'あ'.repeat(20_001), version: 3 });
    expect(errors).toEqual({ text: ['20000 文字以内で入力してください'] });
  });

  it('returns the typed DTO when the form is valid, fields not in the DTO dropped', async () => {
    const { dto, errors } = await parseForm(EditLineDto, { text: '本文', version: 3, extra: 'x' });
    expect(errors).toBeNull();
    expect(dto).toBeInstanceOf(EditLineDto);
    expect(dto).toEqual(Object.assign(new EditLineDto(), { text: '本文', version: 3 }));
  });
});

describe('formDto', () => {
  it('refuses an invalid form with the API error code and field messages', async () => {
    const refused = await formDto(EditLineDto, { text: '' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      extensions: { errors: [{ field: 'text', messages: ['1 文字以上で入力してください'] }] },
    });
  });
});

describe('form fields', () => {
  it('reads numbers, lists and Japan-time datetimes as a browser sends them', () => {
    expect([num('12'), num('1.5'), num(''), num(undefined)]).toEqual([12, undefined, undefined, undefined]);
    expect(lines(' 一つ目\r\n\n二つ目 ')).toEqual(['一つ目', '二つ目']);
    expect(jst('2026-04-01T10:00')).toBe('2026-04-01T10:00:00+09:00');
    expect(jst('')).toBeUndefined();
  });
});

describe('choices', () => {
  it('lists the options in the order of the values, each with its label', () => {
    const labels = { b: 'ビー', a: 'エー' } as const;
    expect(choices(['a', 'b'] as const, labels)).toEqual([
      { value: 'a', label: 'エー' },
      { value: 'b', label: 'ビー' },
    ]);
  });
});
