import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { submitCase } from '../../../clients/typescript/examples/submit-case';
import { checkAnswer, contractFor } from '../../support/api-contract';
import { seedCaseCatalog } from '../../support/case-fixtures';
import { DEFAULT_PASSWORD, userWithToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

// The document is the contract: what it says, the checked-in client generated from it, and a script
// that another system would write with that client. (Every answer of every integration test is
// checked against the document too: test/support/api-contract.ts.)

const CLIENT_DIR = join(process.cwd(), 'clients', 'typescript');

type Doc = {
  paths: Record<
    string,
    Record<string, { summary?: string; tags?: string[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
};

let t: TestApp;
let doc: Doc;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  await seedCaseCatalog(t.ds);
  doc = (await request(t.http).get('/api/docs-json').expect(200)).body as Doc;
});

afterAll(async () => {
  await t?.close();
});

const schema = (name: string) => doc.components.schemas[name];
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
  );

describe('the OpenAPI document', () => {
  it('describes a case’s sections as a union by kind, with every field of each kind', () => {
    const items = schema('CaseDto').properties!.sections.items as {
      oneOf: { $ref: string }[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(items.discriminator).toEqual({
      propertyName: 'kind',
      mapping: {
        processing: '#/components/schemas/ProcessingSectionOutDto',
        externalConnection: '#/components/schemas/ExternalConnectionSectionOutDto',
        outsourcing: '#/components/schemas/OutsourcingSectionOutDto',
        purposeExtension: '#/components/schemas/PurposeExtensionSectionOutDto',
      },
    });
    expect(items.oneOf).toHaveLength(4);
    expect(Object.keys(schema('ExternalConnectionSectionFieldsDto').properties!)).toContain('partner');
    expect(Object.keys(schema('OutsourcingSectionFieldsDto').properties!)).toEqual(
      expect.arrayContaining(['vendor', 'clauseSetVersionId', 'reOutsourcing']),
    );
    expect(Object.keys(schema('ProcessingSectionFieldsDto').properties!)).toContain('individualsScope');
    // what a client sends: the same union
    const input = schema('UpdateCaseDto').properties!.sections.items as {
      discriminator: { propertyName: string };
    };
    expect(input.discriminator.propertyName).toBe('kind');
    expect(schema('VendorDto').properties!.memberCompanies).toMatchObject({ type: 'array' });
  });

  it('gives the validation errors, clauses and request bodies their real shapes', () => {
    expect(schema('ValidationResultDto').properties!.errors.items).toEqual({
      $ref: '#/components/schemas/FieldErrorDto',
    });
    expect(schema('ClauseSetVersionDto').properties!.clauses.items).toEqual({
      $ref: '#/components/schemas/ClauseDto',
    });
    expect(Object.keys(schema('ClauseDto').properties!)).toEqual(['number', 'heading', 'text']);
    for (const [name, field] of [
      ['PaperAnswerDto', 'receivedOn'],
      ['MinutesActionDto', 'deadline'],
      ['DecisionDto', 'accept'],
      ['RedactionSettingDto', 'allowList'],
    ])
      expect({ name, fields: Object.keys(schema(name).properties ?? {}) }).toEqual({
        name,
        fields: expect.arrayContaining([field]),
      });
  });

  it('says 201 where a POST answers 201 and problem+json with ProblemDto for every error', () => {
    expect(Object.keys(doc.paths['/api/cases'].post.responses)).toContain('201');
    expect(Object.keys(doc.paths['/api/cases'].post.responses)).not.toContain('200');
    expect(doc.paths['/api/cases/{id}'].get.responses['404']).toEqual({
      description: expect.any(String),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
    });
    expect(doc.paths['/api/health'].get.responses['401']).toBeUndefined();
  });

  it('gives every operation a Japanese summary and a Japanese tag', () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    const bad = operations()
      .filter(
        ({ op }) => !japanese.test(op.summary ?? '') || !(op.tags ?? []).some((tag) => japanese.test(tag)),
      )
      .map(({ where }) => where);
    expect(bad).toEqual([]);
  });
});

describe('the response validator', () => {
  it('refuses an undocumented status, a body off its schema and an undocumented operation, saying what to fix', () => {
    const contract = contractFor(doc as never);
    const answer = {
      method: 'GET',
      path: '/api/cases/0b8f1c1e-0000-4000-8000-000000000000/validation',
      routePath: '/api/cases/:id/validation',
      contentType: 'application/json; charset=utf-8',
    };
    const ok = Buffer.from(
      JSON.stringify({ ready: false, errors: [{ field: 'title', messages: ['件名'] }] }),
    );
    expect(checkAnswer(contract, { ...answer, status: 200, body: ok })).toEqual([]);
    const strings = Buffer.from(JSON.stringify({ ready: false, errors: ['件名を入力してください'] }));
    expect(checkAnswer(contract, { ...answer, status: 200, body: strings }).join('\n')).toMatch(
      /GET \/api\/cases\/\{id\}\/validation answered 200 with a body that does not match[\s\S]*body\/errors\/0 must be object/,
    );
    expect(checkAnswer(contract, { ...answer, status: 418, body: ok })[0]).toMatch(
      /answered 418, which the document does not list/,
    );
    expect(
      checkAnswer(contract, {
        ...answer,
        path: '/api/rosters',
        routePath: '/api/rosters',
        status: 200,
        body: ok,
      })[0],
    ).toMatch(/GET \/api\/rosters is not in the OpenAPI document\. Give its controller @ApiTags/);
    expect(
      checkAnswer(contract, {
        ...answer,
        status: 200,
        contentType: 'text/html',
        body: Buffer.from('<p>'),
      })[0],
    ).toMatch(/answered 200 as text\/html, but the document lists application\/json/);
  });
});

describe('the typed client (clients/typescript)', () => {
  beforeAll(async () => {
    // The types are derived from the document like dist/ from src/ (not committed): written here from the
    // live document, so that the compile test below checks the script against what the server answers.
    const { apiTypes } = (await import(join(process.cwd(), 'scripts', 'api-types.mjs'))) as {
      apiTypes: (doc: unknown) => Promise<string>;
    };
    writeFileSync(join(CLIENT_DIR, 'schema.d.ts'), await apiTypes(structuredClone(doc)));
  });

  it('is generated from the current document (npm run api:client regenerates it)', () => {
    const documentJson = JSON.stringify(doc, null, 2) + '\n';
    if (process.env.UPDATE_API_CLIENT) writeFileSync(join(CLIENT_DIR, 'openapi.json'), documentJson);
    const stale = 'clients/typescript/openapi.json is stale: run `npm run api:client` and commit the result';
    expect({ stale, equal: readFileSync(join(CLIENT_DIR, 'openapi.json'), 'utf8') === documentJson }).toEqual(
      {
        stale,
        equal: true,
      },
    );
  });

  it('compiles with tsc (strict) together with a script written against it', () => {
    const program = ts.createProgram([join(CLIENT_DIR, 'examples', 'submit-case.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });

  it('logs in as a clerk, creates a case, fills a sheet, checks it and submits it', async () => {
    const clerk = await userWithToken(t.http, t.ds, { role: 'clerk' });
    const result = await submitCase(t.baseUrl, { username: clerk.user.username, password: DEFAULT_PASSWORD });
    expect(result.gapsBefore).toEqual(expect.arrayContaining(['contact.extension', 'sections[0].partner']));
    expect(result.readyAfter).toBe(true);
    expect(result.status).toBe('submitted');
    const stored = await request(t.http).get(`/api/cases/${result.id}`).set(clerk.auth).expect(200);
    expect(stored.body.sections[0].fields.partner).toBe('東京電子自治体共同運営センター');
  });
});
