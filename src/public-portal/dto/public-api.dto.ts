import { ApiProperty } from '@nestjs/swagger';
import { formatWareki } from '../../common/format/wareki';
import type {
  NumberedLine,
  PublicMeeting,
  PublicReply,
  PublicReplyDetail,
  StoryLine,
} from '../public-portal.service';
import { PageField, PerPageField, TextFilter } from './public-search.dto';

export class PublicMeetingDto {
  @ApiProperty() meetingId: string;
  @ApiProperty({ description: '第N回の N' }) number: number;
  @ApiProperty({ description: '開催日時（ISO 8601）' }) startsAt: string;
  @ApiProperty({ description: '開催日（和暦）' }) dateWareki: string;
  @ApiProperty({ description: '会議録の公開日時（ISO 8601）' }) publishedAt: string;
  @ApiProperty({ description: '会議録のページ' }) url: string;

  static from(slug: string, m: PublicMeeting): PublicMeetingDto {
    return {
      meetingId: m.meetingId,
      number: m.number,
      startsAt: new Date(m.startsAt).toISOString(),
      dateWareki: formatWareki(m.startsAt),
      publishedAt: new Date(m.publishedAt).toISOString(),
      url: `/public/${slug}/minutes/${m.meetingId}`,
    };
  }
}

export class PublicMinutesLineDto {
  @ApiProperty({ description: '行番号（ページの #line-N）' }) no: number;
  @ApiProperty({ description: 'heading, meta, attendance, section, stage, speech, vote, outcome, text など' })
  kind: string;
  @ApiProperty({ nullable: true, type: String, description: '会長 / 委員 / 説明員 / 事務局' })
  speakerRole: string | null;
  @ApiProperty() text: string;
  @ApiProperty() url: string;

  static from(slug: string, meetingId: string, l: NumberedLine): PublicMinutesLineDto {
    return {
      no: l.no,
      kind: l.kind,
      speakerRole: l.speakerRole,
      text: l.text,
      url: `/public/${slug}/minutes/${meetingId}#line-${l.no}`,
    };
  }
}

export class PublicMinutesDto extends PublicMeetingDto {
  @ApiProperty({ type: [PublicMinutesLineDto] }) lines: PublicMinutesLineDto[];
}

/** The 答申 list's page and 年度 (the names and limits of the search's paging). */
export class PublicReplyListQueryDto {
  @TextFilter(20, {
    description: '年度（4月から翌年3月）。令和5年度、令和5、2023年度、2023 など',
    example: '令和5年度',
  })
  fiscalYear?: string;

  @PageField()
  page?: number;

  @PerPageField()
  perPage?: number;
}

export class PublicReplyDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '答申第N号' }) numberLabel: string;
  @ApiProperty({ description: '答申日（YYYY-MM-DD）' }) replyDate: string;
  @ApiProperty() dateWareki: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '承認 / 付帯意見を付して承認 / 不承認' }) outcome: string;
  @ApiProperty({ nullable: true, type: Number }) meetingNumber: number | null;
  @ApiProperty() url: string;

  static from(slug: string, r: PublicReply): PublicReplyDto {
    return {
      id: r.id,
      numberLabel: r.numberLabel,
      replyDate: r.replyDate,
      dateWareki: formatWareki(r.replyDate),
      title: r.title,
      outcome: r.outcome,
      meetingNumber: r.meetingNumber,
      url: `/public/${slug}/replies/${r.id}`,
    };
  }
}

export class PublicStoryLineDto {
  @ApiProperty() meetingNumber: number;
  @ApiProperty({ description: '開催日（YYYY-MM-DD）' }) date: string;
  @ApiProperty() lineNo: number;
  @ApiProperty({ nullable: true, type: String }) speakerRole: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ description: '会議録のその行' }) url: string;

  static from(slug: string, l: StoryLine): PublicStoryLineDto {
    return {
      meetingNumber: l.meetingNumber,
      date: l.date,
      lineNo: l.lineNo,
      speakerRole: l.speakerRole,
      text: l.text,
      url: `/public/${slug}/minutes/${l.meetingId}#line-${l.lineNo}`,
    };
  }
}

export class PublicReplyDetailDto extends PublicReplyDto {
  @ApiProperty() addressee: string;
  @ApiProperty() sender: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) standardConditions: string[];
  @ApiProperty({ type: [String] }) supplementaryOpinions: string[];
  @ApiProperty({ type: [PublicStoryLineDto], description: 'この諮問事項を審議した会議録の行' })
  deliberation: PublicStoryLineDto[];

  static detail(slug: string, r: PublicReplyDetail, story: StoryLine[]): PublicReplyDetailDto {
    return {
      ...PublicReplyDto.from(slug, r),
      addressee: r.addressee,
      sender: r.sender,
      body: r.body,
      standardConditions: r.standardConditions,
      supplementaryOpinions: r.supplementaryOpinions,
      deliberation: story.map((l) => PublicStoryLineDto.from(slug, l)),
    };
  }
}
