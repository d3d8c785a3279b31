import request from 'supertest';
import { CategoricalConsultation } from '../../../src/cases/categorical-consultation.entity';
import { ClauseSet } from '../../../src/cases/clause-set.entity';
import { LegalBasis } from '../../../src/cases/legal-basis.entity';
import { Municipality } from '../../../src/council/municipality.entity';
import { CouncilSetupService } from '../../../src/council/setup/council-setup.service';
import { Department } from '../../../src/departments/department.entity';
import { User } from '../../../src/users/user.entity';
import { createCase } from '../../support/case-fixtures';
import { userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The first run of an installation: an empty database, then a council set up through the product. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const api = () => request(t.http);
const COUNCIL = {
  municipality: '架空市',
  councilName: '架空市個人情報保護審議会',
  implementingBody: '架空市長',
  secretariat: '総務課',
  secretariatDivision: '総務部',
  numbering: 'continuous',
  adminUsername: 'kanri',
  adminPassword: 'Kasou-setup-2026',
};
/** Submits the setup page's form (the council's fields, the chosen catalogue, the password twice). */
const submitSetup = (fields: Record<string, string>) =>
  api()
    .post('/setup')
    .type('form')
    .send(
      Object.entries({
        ...COUNCIL,
        catalogue: 'current-law',
        confirmPassword: COUNCIL.adminPassword,
        ...fields,
      })
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&'),
    );
const ROLLBACK = new Error('rollback');

describe('before any council exists', () => {
  it('every screen and / lead to the setup page; the API says setup is needed and lists the catalogues', async () => {
    for (const path of ['/', '/login', '/cases', '/admin/legal-bases']) {
      const res = await api().get(path).expect(303);
      expect(res.headers.location).toBe('/setup');
    }
    const status = await api().get('/api/setup').expect(200);
    expect(status.body.needed).toBe(true);
    expect(status.body.catalogues.map((c: { code: string }) => c.code)).toEqual([
      'current-law',
      'ordinance-odawara-style',
      'ordinance-shinjuku-style',
    ]);
    const page = await api().get('/setup').expect(200);
    for (const label of [
      '自治体名',
      '審議会の名称',
      '実施機関（答申の宛先）',
      '事務局の課',
      '目録',
      'パスワード（確認）',
    ])
      expect(page.text).toContain(label);
  });

  it.each([
    ['current-law', 5, 0, '架空市個人情報の保護に関する法律施行条例'],
    ['ordinance-odawara-style', 2, 0, '架空市個人情報保護条例'],
    ['ordinance-shinjuku-style', 3, 0, '架空市個人情報保護条例'],
  ])(
    'set up with %s: council, secretariat, catalogue, clause sets and admin in one transaction',
    async (catalogue, bases, categoricals, ordinance) => {
      const setup = t.app.get(CouncilSetupService);
      await expect(
        t.ds.transaction(async (m) => {
          const created = await setup.create(
            { ...COUNCIL, numbering: 'fiscalYear', catalogue },
            { manager: m, via: 'api' },
          );
          expect(created).toMatchObject({ legalBases: bases, clauseSets: 2, adminUsername: 'kanri' });
          expect(await m.findOneByOrFail(Municipality, { id: 1 })).toMatchObject({
            name: '架空市',
            councilName: '架空市個人情報保護審議会',
            implementingBody: '架空市長',
          });
          expect(await m.findBy(Department, { isSecretariat: true })).toHaveLength(1);
          const rows = await m.find(LegalBasis);
          expect(rows).toHaveLength(bases);
          expect(new Set(rows.map((b) => b.ordinance))).toEqual(new Set([ordinance]));
          expect(await m.count(CategoricalConsultation)).toBe(categoricals);
          expect(await m.count(ClauseSet)).toBe(2);
          throw ROLLBACK;
        }),
      ).rejects.toBe(ROLLBACK);
      expect(await t.ds.getRepository(Municipality).count()).toBe(0);
    },
  );

  it('refuses bad input with messages beside the fields and creates nothing', async () => {
    const page = await submitSetup({
      municipality: '',
      adminPassword: 'short',
      confirmPassword: 'short',
    }).expect(400);
    expect(page.text).toContain('id="municipality-error"');
    const weak = await submitSetup({
      adminPassword: 'aaaaaaaaaaaaaa',
      confirmPassword: 'aaaaaaaaaaaaaa',
    }).expect(400);
    expect(weak.text).toContain('英字・数字・記号のうち 2 種類以上を含めてください');
    const crossSite = await submitSetup({}).set('Origin', 'https://attacker.example').expect(403);
    expect(crossSite.body).toMatchObject({ code: 'CSRF_REJECTED' });
    const unknown = await api()
      .post('/api/setup')
      .send({ ...COUNCIL, catalogue: 'no-such-catalogue' })
      .expect(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'catalogue' });
    expect(await t.ds.getRepository(Municipality).count()).toBe(0);
    expect(await t.ds.getRepository(User).count()).toBe(0);
  });
});

describe('setting the council up on the setup page', () => {
  let cookie: string;
  it('creates the council and logs the administrator in', async () => {
    const res = await submitSetup({}).expect(303);
    expect(res.headers.location).toMatch(/^\/(\?|$)/);
    cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('shingikai_session='),
    )!;
    expect(cookie).toBeDefined();
    const me = await api().get('/api/auth/me').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(me.body).toMatchObject({ username: 'kanri', role: 'admin' });
    expect(await t.ds.getRepository(Municipality).findOneByOrFail({ id: 1 })).toMatchObject({
      councilName: '架空市個人情報保護審議会',
      numbering: 'continuous',
    });
    const audit: { detail: { via: string } }[] = await t.ds.query(
      `SELECT detail FROM audit_log WHERE target_type = 'council' AND action = 'create'`,
    );
    expect(audit.map((a) => a.detail.via)).toEqual(['web']);
  });

  it('afterwards the setup page is gone and a second setup is refused', async () => {
    await api().get('/setup').expect(404);
    await submitSetup({}).expect(404);
    const again = await api()
      .post('/api/setup')
      .send({ ...COUNCIL, catalogue: 'ordinance-shinjuku-style' })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'COUNCIL_ALREADY_SET_UP' });
    expect(again.body.detail).toContain('審議会はすでに設定されています');
    expect((await api().get('/api/setup').expect(200)).body.needed).toBe(false);
    expect((await api().get('/').expect(303)).headers.location).not.toBe('/setup');
  });

  it("the loaded catalogue is the council's own, shown on the catalogue screen with its optional consultations", async () => {
    const page = await api().get('/admin/legal-bases').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(page.text).toContain('架空市個人情報の保護に関する法律施行条例');
    expect(page.text.match(/任意の諮問<\/span>/g)).toHaveLength(3);
  });

  it('the current-law catalogue makes the assessment say the consultation is optional', async () => {
    const dept = await t.ds.getRepository(Department).findOneByOrFail({ isSecretariat: true });
    const clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
    const res = await api()
      .post('/api/assessment')
      .set(clerk.auth)
      .send({
        processing: false,
        externalConnection: true,
        connectionForm: 'internet',
        outsourcing: false,
        purposeExtension: false,
        sensitiveData: false,
        myNumber: false,
      })
      .expect(200);
    expect(res.body.consultation).toEqual([
      expect.objectContaining({ code: 'law129-external-connection', optional: true }),
    ]);
    expect(res.body.notes.join('\n')).toContain('の諮問は任意です（法第129条）');
  });

  it("a paper printed afterwards carries the new council's name", async () => {
    const dept = await t.ds.getRepository(Department).findOneByOrFail({ isSecretariat: true });
    const clerk = await userWithToken(t.http, t.ds, { role: 'clerk', departmentId: dept.id });
    const c = await createCase(t.http, clerk.auth, { title: '架空市の電子申請の導入' });
    const html = await api().get(`/cases/${c.id}/document`).set(clerk.auth).expect(200);
    expect(html.text).toContain('架空市個人情報保護審議会');
    expect(html.text).not.toContain('新宿区');
  });
});
