import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonErrors, type FieldError } from './app-error';

/** Japanese messages for class-validator constraints; `{0}` etc. come from the constraint's arguments. */
const MESSAGES: Record<string, string> = {
  whitelistValidation: 'この項目は指定できません（不明な項目です）',
  isDefined: '必須項目です',
  isNotEmpty: '入力してください',
  isString: '文字列で入力してください',
  isInt: '整数で入力してください',
  isNumber: '数値で入力してください',
  isBoolean: 'true または false で指定してください',
  isDateString: '日付（YYYY-MM-DD）で入力してください',
  isISO8601: '日付（YYYY-MM-DD）で入力してください',
  isUuid: '正しい ID（UUID）ではありません', // class-validator's name for @IsUUID
  isIn: '選択肢の中から選んでください',
  isEnum: '選択肢の中から選んでください',
  isArray: '一覧（配列）で指定してください',
  isObject: 'オブジェクトで指定してください',
  isEmail: 'メールアドレスの形式で入力してください',
  maxLength: '長すぎます',
  minLength: '短すぎます',
  min: '小さすぎます',
  max: '大きすぎます',
  matches: '形式が正しくありません',
  arrayMaxSize: '件数が多すぎます',
  arrayMinSize: '件数が足りません',
  nestedValidation: '形式が正しくありません',
};

function messageFor(constraint: string, original: string, error: ValidationError): string {
  const base = MESSAGES[constraint];
  if (!base) return original; // custom validators carry Japanese messages themselves
  const limitMatch = /(\d+)/.exec(original);
  if (constraint === 'maxLength' && limitMatch) return `${limitMatch[1]} 文字以内で入力してください`;
  if (constraint === 'minLength' && limitMatch) return `${limitMatch[1]} 文字以上で入力してください`;
  if (constraint === 'min' && limitMatch) return `${limitMatch[1]} 以上で入力してください`;
  if (constraint === 'max' && limitMatch) return `${limitMatch[1]} 以下で入力してください`;
  if (constraint === 'arrayMaxSize' && limitMatch) return `${limitMatch[1]} 件以内にしてください`;
  if (constraint === 'isIn' || constraint === 'isEnum') {
    const allowed = /following values: (.*)$/.exec(original)?.[1];
    return allowed ? `${base}（${allowed}）` : base;
  }
  void error;
  return base;
}

/** Flattens nested class-validator errors into `path: messages` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    if (e.constraints) {
      out.push({
        field,
        messages: Object.entries(e.constraints).map(([k, v]) => messageFor(k, v, e)),
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** The one global ValidationPipe. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => CommonErrors.validation(flattenValidationErrors(errors)),
  });
}
