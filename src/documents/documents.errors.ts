import { AppError } from '../common/errors/app-error';

export const DocumentErrors = {
  renderTimeout: (ms: number) =>
    new AppError(
      'DOCUMENT_RENDER_TIMEOUT',
      504,
      `PDF の作成が制限時間（${(ms / 1000).toLocaleString('ja-JP')}秒）内に終わりませんでした。内容が非常に多い場合は、分けて出力するか、時間をおいて再度お試しください。`,
      { timeoutMs: ms },
    ),
  rendererFailed: () =>
    new AppError(
      'DOCUMENT_RENDERER_FAILED',
      503,
      'PDF 作成機能で障害が発生したため、PDF を作成できませんでした。時間をおいて再度お試しください。',
    ),
  rendererStopped: () =>
    new AppError(
      'DOCUMENT_RENDERER_STOPPED',
      503,
      'システムの停止処理中のため、PDF を作成できません。再起動後にお試しください。',
    ),
  templateNotFound: (name: string) =>
    new AppError(
      'DOCUMENT_TEMPLATE_NOT_FOUND',
      500,
      `帳票テンプレート「${name}」が見つかりません。システム管理者に連絡してください。`,
    ),
  noPdfInput: () => new AppError('DOCUMENT_NO_PDF_INPUT', 400, '結合する PDF が 1 件もありません。'),
  allInputsUnreadable: (names: string[]) =>
    new AppError(
      'DOCUMENT_ALL_INPUTS_UNREADABLE',
      422,
      `結合する PDF をすべて読み込めませんでした（${names.join('、')}）。ファイルが壊れていないか確認してください。`,
      { files: names },
    ),
};
