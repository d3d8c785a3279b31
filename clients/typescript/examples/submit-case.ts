// What another system (kintone, RPA) would do: log in as a clerk, create a case, fill it, check it, submit.
import { createClient, type ApiClient } from '../client';
import type { components } from '../schema';

type UpdateCase = components['schemas']['UpdateCaseDto'];
type ExternalConnection = components['schemas']['ExternalConnectionSectionDto'];

export interface SubmittedCase {
  id: string;
  /** The pre-submission check before filling in, and after. */
  gapsBefore: string[];
  readyAfter: boolean;
  status: string;
}

export async function submitCase(
  baseUrl: string,
  clerk: { username: string; password: string },
): Promise<SubmittedCase> {
  const api: ApiClient = createClient(baseUrl);
  const session = await api.request('post', '/api/auth/login', { body: clerk });
  api.setToken(session.accessToken);

  const created = await api.request('post', '/api/cases', {
    body: {
      title: '屋上緑化見本園見学申込の電子申請',
      answers: {
        processing: false,
        externalConnection: true,
        connectionForm: 'lgwan',
        outsourcing: false,
        purposeExtension: false,
        sensitiveData: false,
        myNumber: false,
      },
    },
  });
  const before = await api.request('get', '/api/cases/{id}/validation', { path: { id: created.id } });

  const sheet = created.sections[0];
  if (sheet.kind !== 'externalConnection') throw new Error(`unexpected first sheet ${sheet.kind}`);
  const section: ExternalConnection = {
    ...sheet.fields,
    id: sheet.id,
    kind: 'externalConnection',
    legalBasisId: sheet.legalBasisId,
    businessName: '屋上緑化見本園見学申込',
    itemKeys: ['id', 'email', 'name'],
    partner: '東京電子自治体共同運営センター',
    reason: '受付窓口が共同運営センターのため',
    connectionForm: 'lgwan',
    start: '令和8年4月',
    period: '以降継続',
    protectionMeasures: '資料3のとおり',
  };
  const content: UpdateCase = {
    version: created.version,
    contact: { sectionName: 'みどりの係', contactName: '緑川 葉子', extension: '4663' },
    overview: {
      businessName: '屋上等緑化の推進',
      businessDepartment: '道とみどりの課',
      purpose: '屋上緑化を広める',
      targetPersons: '区民及び事業者',
      businessContent: '見本園を情報発信の拠点にする',
    },
    sections: [section],
    items: {
      columns: created.items.columns,
      rows: [
        {
          departmentBusiness: '道とみどりの課/屋上等緑化の推進',
          procedureName: '屋上緑化見本園見学申込',
          cells: { id: 'required', email: 'required', name: 'required' },
        },
      ],
    },
    securityMeasures: ['通信を暗号化する'],
  };
  await api.request('patch', '/api/cases/{id}', { path: { id: created.id }, body: content });
  const after = await api.request('get', '/api/cases/{id}/validation', { path: { id: created.id } });
  if (!after.ready) throw new Error(`not ready: ${after.errors.map((e) => e.field).join(', ')}`);

  const submitted = await api.request('post', '/api/workflow/cases/{id}/{action}', {
    path: { id: created.id, action: 'submit' },
    body: {},
  });
  return {
    id: created.id,
    gapsBefore: before.errors.map((e) => e.field),
    readyAfter: after.ready,
    status: submitted.status,
  };
}
