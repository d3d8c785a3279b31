import { OptionalText } from './text';

export class AttachmentMetaDto {
  @OptionalText(200, '資料の名称（省略時はファイル名）') title?: string;
  @OptionalText(50, '資料番号（例: 資料2）') materialLabel?: string;
}
