import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CouncilMember } from '../council/council-member.entity';

/** The choices the meeting screen offers the secretariat (members to add, explainers' departments). */
@Injectable()
export class MeetingFormOptionsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every council member, the latest term first, in roster order. */
  roster(): Promise<CouncilMember[]> {
    return this.ds
      .getRepository(CouncilMember)
      .find({ order: { termEnd: 'DESC', rosterOrder: 'ASC', name: 'ASC' } });
  }

  /** Departments still in use, by name. */
  activeDepartments(): Promise<{ id: string; name: string }[]> {
    return this.ds.query(`SELECT id, name FROM department WHERE NOT disabled ORDER BY name`);
  }
}
