import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { AppError, type FieldError } from './app-error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: '入力エラー',
  401: '認証が必要です',
  403: '権限がありません',
  404: '見つかりません',
  405: '許可されていない操作です',
  409: '競合しています',
  413: 'データが大きすぎます',
  415: '対応していない形式です',
  422: '処理できない内容です',
  423: 'ロックされています',
  429: 'リクエストが多すぎます',
  431: 'リクエストが大きすぎます',
  500: 'サーバーエラー',
  503: '一時的に利用できません',
};

export function toProblem(error: AppError, instance?: string): ProblemDetails {
  return {
    ...error.extensions,
    type: `urn:shingikai:problem:${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[error.status] ?? STATUS_CODES[error.status] ?? 'エラー',
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(instance ? { instance } : {}),
  };
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  res
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(toProblem(error, instance)));
}
