import { CaseFile } from '../../../src/cases/case-file.entity';
import { loadCaseAggregate } from '../../../src/cases/case-aggregate';
import { toCaseDocumentView } from '../../../src/documents/papers/case-document.mapper';
import { sampleAppSuite } from '../../support/sample-app';

const sample = sampleAppSuite();

it('the sample data has an accepted retroactive case whose document carries its receipt number and reason', async () => {
  const { t } = sample;
  const row = await t.ds.getRepository(CaseFile).findOneByOrFail({ retroactive: true });
  const view = toCaseDocumentView((await loadCaseAggregate(t.ds.manager, row.id))!, '審議会');
  expect(view.receiptNumber).toBe(row.receiptNumber);
  expect(view.receiptNumber).not.toBe('');
  expect(view.retroactive?.reason).toContain('諮問の対象となることの確認が遅れ');
});
