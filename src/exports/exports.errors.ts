import { AppError, fieldError } from '../common/errors/app-error';
import type { SheetCellError } from './item-list-sheet';

export const ExportErrors = {
  noFile: () =>
    fieldError(
      'ITEM_LIST_FILE_MISSING',
      400,
      '取り込む Excel ファイル（xlsx）を選んでください。',
      'file',
      'ファイルが選ばれていません',
    ),
  notXlsx: (fileName: string) =>
    fieldError(
      'ITEM_LIST_NOT_XLSX',
      415,
      `「${fileName}」は Excel ブック（xlsx）ではありません。項目一覧を書き出したファイルを編集して取り込んでください。`,
      'file',
      'xlsx ではないファイルです',
    ),
  invalidSheet: (cells: SheetCellError[]) =>
    new AppError(
      'ITEM_LIST_INVALID',
      400,
      `ファイルに ${cells.length} 件の誤りがあるため、項目一覧は変更していません。各セルのメッセージを確認してください。`,
      {
        cells,
        errors: cells.map((c) => ({
          field: c.sheet ? `${c.sheet}!${c.column}${c.row}` : 'file',
          messages: [c.message],
        })),
      },
    ),
};
