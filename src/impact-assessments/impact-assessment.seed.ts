import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSeedCase } from '../cases/case-seed';
import { CaseFile } from '../cases/case-file.entity';
import { CaseAttachment } from '../cases/case-parts.entity';
import { currentCouncil } from '../council/current-council';
import { Department } from '../departments/department.entity';
import type { SeedStep } from '../seeds/sample-data';
import { sampleReportPdf, type SampleReportContent } from '../seeds/sample-report-pdf';
import { User } from '../users/user.entity';
import { insertCaseTransition } from '../workflow/case-transition.entity';
import { drawNumber, receiptLabel } from '../workflow/sequence';
import { standardChecklistRows } from './checklist';
import {
  AssessmentCheckItem,
  AssessmentFinding,
  ImpactAssessment,
  type CheckResult,
} from './impact-assessment.entity';
import { EVALUATION_DOCUMENT_TITLE, factsOf, overviewOf, reviewTitle } from './impact-assessments.service';

interface ReviewSeed {
  department: string;
  createdBy: string;
  affairName: string;
  fileName: string;
  targetCount: number;
  handlerCount: number;
  seriousIncident: boolean;
  evaluatedOn: string;
  contact: { sectionName: string; contactName: string; extension: string };
  submittedAt: string;
  acceptedAt: string;
  /** The secretariat user who accepted it (default: `secretariat`, the first sample council's). */
  acceptedBy?: string;
  document: { fileName: string; content: SampleReportContent };
  checklist: { position: number; result: CheckResult; comment: string }[];
  otherResult: CheckResult;
  findings: {
    text: string;
    checkPosition: number;
    answer?: string;
    answeredBy?: string;
    answeredAt?: string;
  }[];
}

/**
 * A 第三者点検 of a 全項目評価 (seeds/impact-assessments.json): submitted and accepted like any case,
 * its checklist filled in, two findings — one answered and waiting for the secretariat, one open.
 */
export const impactAssessmentSeed: SeedStep = {
  ...impactAssessmentsFrom('impact-assessments.json'),
  name: 'impact-assessments',
};

/** The reviews of a seed file (same shape as impact-assessments.json), for the council being loaded. */
export function impactAssessmentsFrom(file: string): SeedStep {
  return {
    name: `impact-assessments:${file}`,
    run: async ({ manager: m, readJson, dataDir }) => {
      const { reviews } = readJson<{ reviews: ReviewSeed[] }>(file);
      const council = await currentCouncil(m);

      for (const r of reviews) {
        const secretariat = await m.findOneByOrFail(User, { username: r.acceptedBy ?? 'secretariat' });
        const dept = await m.findOneByOrFail(Department, { code: r.department });
        const clerk = await m.findOneByOrFail(User, { username: r.createdBy });
        const row = await writeSeedCase(
          m,
          {
            department: r.department,
            createdBy: r.createdBy,
            title: reviewTitle(r),
            legalBases: [],
            sections: [],
            contact: r.contact,
            overview: overviewOf(r, dept.name),
            items: { columns: [], rows: [] },
          },
          dept,
          clerk,
        );
        const receiptNumber = receiptLabel(await drawNumber(m, 'receipt', r.acceptedAt));
        await m.update(
          CaseFile,
          { id: row.id },
          { procedure: 'consultation', status: 'accepted', receiptNumber },
        );
        for (const [action, from, to, actor, at] of [
          ['submit', 'draft', 'submitted', clerk, r.submittedAt],
          ['accept', 'submitted', 'accepted', secretariat, r.acceptedAt],
        ] as const)
          await insertCaseTransition(m, {
            caseId: row.id,
            action,
            from,
            to,
            actor,
            comment: null,
            at: new Date(at),
          });
        if (dataDir) {
          const pdf = await sampleReportPdf(r.document.content);
          const storageKey = `${randomUUID()}.pdf`;
          await mkdir(join(dataDir, 'attachments'), { recursive: true });
          await writeFile(join(dataDir, 'attachments', storageKey), pdf, { mode: 0o600, flag: 'wx' });
          await m.insert(CaseAttachment, {
            caseId: row.id,
            title: EVALUATION_DOCUMENT_TITLE,
            materialLabel: '',
            fileName: r.document.fileName,
            mediaType: 'application/pdf',
            sizeBytes: pdf.length,
            sha256: createHash('sha256').update(pdf).digest('hex'),
            storageKey,
            createdById: clerk.id,
          });
        }
        await m.insert(ImpactAssessment, {
          caseId: row.id,
          councilId: council.id,
          ...factsOf(r),
        });
        const items = new Map<number, string>();
        for (const item of standardChecklistRows()) {
          const given = r.checklist.find((c) => c.position === item.position);
          const saved = await m.save(
            m.create(AssessmentCheckItem, {
              ...item,
              caseId: row.id,
              councilId: council.id,
              result: given?.result ?? r.otherResult,
              comment: given?.comment ?? '',
            }),
          );
          items.set(item.position, saved.id);
        }
        for (const [i, f] of r.findings.entries())
          await m.insert(AssessmentFinding, {
            caseId: row.id,
            councilId: council.id,
            checkItemId: items.get(f.checkPosition) ?? null,
            position: i + 1,
            text: f.text,
            state: f.answer ? 'answered' : 'open',
            answer: f.answer ?? null,
            answeredByName: f.answeredBy ?? null,
            answeredAt: f.answeredAt ? new Date(f.answeredAt) : null,
          });
      }
    },
  };
}
