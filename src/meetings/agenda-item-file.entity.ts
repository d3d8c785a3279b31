import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A file of a report item (報告事項), printed in the meeting packet under the item's 資料N. */
@Entity('agenda_item_file')
export class AgendaItemFile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agendaItemId: string;
  @Column('text') title: string;
  @Column('text') fileName: string;
  @Column('text') mediaType: string;
  @Column('integer') sizeBytes: number;
  @Column('text') sha256: string;
  @Column('text') storageKey: string;
  @Column('uuid', { nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
