import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CouncilMember } from '../council/council-member.entity';
import { Meeting } from './meeting.entity';
import { meetingDate, MeetingsService } from './meetings.service';

/** The choices the meeting screen offers the secretariat (members to add, explainers' departments). */
@Injectable()
export class MeetingFormOptionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly meetings: MeetingsService,
  ) {}

  /** The members whose term covers the meeting's day, in 名簿順: only they can attend it. */
  async roster(meetingId: string): Promise<CouncilMember[]> {
    const meeting = await this.ds.getRepository(Meeting).findOneByOrFail({ id: meetingId });
    return this.meetings.membersInTerm(this.ds.manager, meetingDate(meeting));
  }

  /** Departments still in use, by name. */
  activeDepartments(): Promise<{ id: string; name: string }[]> {
    return this.ds.query(`SELECT id, name FROM department WHERE NOT disabled ORDER BY name`);
  }
}
