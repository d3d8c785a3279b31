import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { makeDepartment, makeUser, userWithToken } from '../../support/factories';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../../support/test-app';
import { databaseDigests, type Digests } from './db-digest';

/**
 * Bad-input corpus: hostile requests to every operation of the OpenAPI document, anonymous, with
 * forged or unusable credentials, and as each role. It reads the document from the running app,
 * so routes added later are covered without changes here.
 *
 * Asserted: no 5xx; every error is problem+json with a Japanese detail; a request refused for any
 * reason changes no table (compared after each operation); only callers with valid credentials of a
 * role the route admits ever get a write accepted (e.g. logout, or marking notifications read, which
 * take no body). The accepted ones are counted in the output.
 * Tables and columns that legitimately change on refused requests are left out of the comparison:
 *   audit_log                     every request is audited, refused ones included
 *   user_session                  logins of the test users, and the logout route
 *   app_user login bookkeeping    failed_attempts, locked_until, last_login_at, previous_login_at
 * Every hostile body carries at least one defect (wrong type, missing field, unknown field, stale
 * version, bad encoding…), so an operation that accepts it has a validation gap and fails here.
 * Real ids of another department's records are also sent to every route by every role; a future
 * route that legitimately changes a record with no body at all (a state transition) must refuse
 * these from roles without the right, or take a version, for this test to stay meaningful.
 */

const CHANGING_TABLES = ['audit_log', 'user_session'];
const CHANGING_COLUMNS = [
  'app_user.failed_attempts',
  'app_user.locked_until',
  'app_user.last_login_at',
  'app_user.previous_login_at',
];
const ROLES = ['admin', 'secretariat', 'clerk', 'member', 'chair'] as const;
type Role = (typeof ROLES)[number];
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;

interface Schema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  nullable?: boolean;
}

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: Schema }[];
  body: Schema | null;
}

interface HostileRequest {
  label: string;
  path: string;
  query?: string;
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Large or repetitive variants: sent anonymously and with one role allowed on the route only. */
  heavy?: boolean;
}

const INJECTIONS = [
  `' OR '1'='1' --`,
  `1; DROP TABLE app_user; --`,
  `"; SELECT pg_sleep(0); --`,
  `<script>alert(document.cookie)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `{{constructor.constructor('return process')()}}`,
  `{{#each this}}{{@key}}{{/each}}`,
  `\${7*7}#{7*7}<%= 7*7 %>`,
  `../../../../etc/passwd`,
  `..\\..\\..\\windows\\win.ini`,
  `\u0000null byte`,
  `\u202Eevil\u200B\uFEFF`,
  `𠮷髙﨑㈱😀`,
  `%00%0d%0aSet-Cookie: x=1`,
];

const PATH_VALUES = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5C..%5Cwindows%5Cwin.ini',
  encodeURIComponent(`1' OR '1'='1`),
  encodeURIComponent('{{7*7}}'),
  encodeURIComponent('<script>alert(1)</script>'),
  '%00',
  '%C0%AE%C0%AE%2F',
  '%FF%FE%FD',
  '-1',
  '0',
  '99999999999999999999999',
  'null',
  '%5Bobject%20Object%5D',
  'A'.repeat(4000),
  randomUUID(),
  randomUUID().toUpperCase(),
  encodeURIComponent('😀'),
];

function resolveSchema(
  doc: { components?: { schemas?: Record<string, Schema> } },
  s: Schema | undefined,
): Schema | null {
  if (!s) return null;
  if (s.$ref) return resolveSchema(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  return s;
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema?: Schema }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: resolveSchema(doc, op.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  return ops;
}

/** A value of the declared type (the defect is added elsewhere). */
function sample(schema: Schema, name: string, ids: { department: string; user: string }): unknown {
  if (schema.enum?.length) return schema.enum[0];
  if (/departmentId$/i.test(name)) return ids.department;
  if (/Id$/.test(name)) return ids.user;
  switch (schema.type) {
    case 'number':
    case 'integer':
      return name === 'version' ? 987654 : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'サンプル';
  }
}

function wrongValues(schema: Schema): unknown[] {
  switch (schema.type) {
    case 'number':
    case 'integer':
      return ['12', 'abc', '1e309', 1.5, -1, 2 ** 64, [], {}, true, null];
    case 'boolean':
      return ['yes', 1, 'true ', [], null];
    case 'array':
      return ['x', {}, 1];
    default:
      return [12345, true, [], { $gt: '' }, ['a', 'b'], null];
  }
}

/** Twice the body limit (JSON_BODY_LIMIT, 1 MB): refused before it is parsed. */
const OVERSIZED = JSON.stringify({ x: 'A'.repeat(2 * 1024 * 1024) });

function deeplyNested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Hostile variants of one operation, each certainly invalid. */
function hostileRequests(
  op: Operation,
  ids: { department: string; user: string; otherIds: string[] },
  /** The operation's place in the document: which field gets this operation's huge variants. */
  turn: number,
): HostileRequest[] {
  const fill = (values: Record<string, string>) =>
    op.pathParams.reduce((p, name) => p.replace(`{${name}}`, values[name] ?? ids.user), op.path);
  const basePath = fill(Object.fromEntries(op.pathParams.map((n) => [n, randomUUID()])));
  const out: HostileRequest[] = [];

  // Path: traversal, injection and odd encodings in ids; real ids of other departments' records.
  if (op.pathParams.length) {
    for (const v of PATH_VALUES) {
      out.push({
        label: `path ${v.slice(0, 30)}`,
        path: fill(Object.fromEntries(op.pathParams.map((n) => [n, v]))),
      });
    }
    for (const id of ids.otherIds) {
      out.push({
        label: `other record ${id}`,
        path: fill(Object.fromEntries(op.pathParams.map((n) => [n, id]))),
      });
    }
  }
  out.push({ label: 'path traversal suffix', path: `${basePath}/..%2F..%2F..%2Fetc%2Fpasswd` });
  out.push({ label: 'encoded NUL suffix', path: `${basePath}%00.json` });

  // Query: wrong types, arrays, operator objects, injection strings, unknown parameters.
  for (const q of op.queryParams) {
    [...INJECTIONS.slice(0, 6), 'A'.repeat(20000)].forEach((v, i) =>
      out.push({
        label: `query ${q.name} injection`,
        path: basePath,
        query: `${q.name}=${encodeURIComponent(v)}`,
        heavy: i > 0,
      }),
    );
    out.push({ label: `query ${q.name} array`, path: basePath, query: `${q.name}=1&${q.name}=2` });
    out.push({
      label: `query ${q.name} object`,
      path: basePath,
      query: `${q.name}[$gt]=&${q.name}[__proto__][x]=1`,
    });
    out.push({ label: `query ${q.name} bad utf-8`, path: basePath, query: `${q.name}=%FF%FE%C0%AE` });
    out.push({ label: `query ${q.name} NUL`, path: basePath, query: `${q.name}=a%00b` });
  }
  out.push({
    label: 'unknown query parameters',
    path: basePath,
    query: `__proto__[polluted]=1&constructor[prototype][polluted]=1&q=${encodeURIComponent(INJECTIONS[0])}`,
  });

  const json = (label: string, value: unknown): HostileRequest => ({
    label,
    path: basePath,
    contentType: 'application/json',
    body: JSON.stringify(value),
  });
  // Encoding and framing problems apply to every route.
  out.push({
    label: 'malformed JSON',
    path: basePath,
    contentType: 'application/json',
    body: '{"username": "a", ',
  });
  out.push({
    label: 'JSON with trailing garbage',
    path: basePath,
    contentType: 'application/json',
    body: '{}}{',
  });
  out.push({
    label: 'invalid UTF-8 in JSON',
    path: basePath,
    contentType: 'application/json',
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
  });
  out.push({
    label: 'unsupported charset',
    path: basePath,
    contentType: 'application/json; charset=utf-7',
    body: '{}',
  });
  out.push({
    label: 'UTF-16 body',
    path: basePath,
    contentType: 'application/json; charset=utf-16',
    body: Buffer.from('{"a":1}', 'utf16le'),
  });
  out.push({
    label: 'XML with external entity',
    path: basePath,
    contentType: 'application/xml',
    body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  });
  out.push({
    label: 'text/plain JSON',
    path: basePath,
    contentType: 'text/plain',
    body: '{"username":"admin"}',
  });
  out.push({
    label: 'multipart with traversal file name',
    path: basePath,
    contentType: 'multipart/form-data; boundary=XyZ',
    body:
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="../../../../etc/passwd"\r\n' +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZ--\r\n',
  });
  out.push({
    label: 'form-encoded injection',
    path: basePath,
    contentType: 'application/x-www-form-urlencoded',
    body: `name=${encodeURIComponent(INJECTIONS[0])}&__proto__[x]=1`,
  });
  out.push({
    label: '2 MB body',
    path: basePath,
    contentType: 'application/json',
    body: OVERSIZED,
    heavy: true,
  });
  out.push({
    label: 'deep nesting',
    path: basePath,
    contentType: 'application/json',
    body: deeplyNested(5000),
    heavy: true,
  });
  out.push(json('JSON null', null));
  out.push(json('JSON array', [{}, {}]));
  out.push(json('JSON string', 'x'));

  // Schema-driven body defects.
  if (op.body?.properties) {
    const props = op.body.properties;
    const required = op.body.required ?? [];
    const valid = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, sample(s, k, ids)]));
    // A well-typed body that still must not change anything: stale version, else a missing field.
    const defect = 'version' in props ? { version: 987654 } : {};
    const base: Record<string, unknown> = { ...valid, ...defect };
    if (required.length) {
      out.push(json('empty object', {}));
      for (const r of required) {
        const { [r]: _dropped, ...rest } = base;
        void _dropped;
        out.push(json(`missing ${r}`, rest));
      }
    }
    for (const [j, [k, s]] of Object.entries(props).entries()) {
      // null is a legitimate value for optional and nullable fields.
      const wrong = wrongValues(s).filter((w) => w !== null || (required.includes(k) && !s.nullable));
      for (const w of wrong) out.push(json(`${k} = ${JSON.stringify(w).slice(0, 20)}`, { ...base, [k]: w }));
      if (s.type === 'string' || !s.type) {
        // Huge and deeply nested values stop at the body limit and the nesting screen, which do
        // not depend on the field: one field in four gets them (taking turns over the operations).
        if ((j + turn) % 4 === 0) {
          out.push({
            ...json(`${k} huge`, { ...base, [k]: 'あ'.repeat(300_000), unexpected: true }),
            heavy: true,
          });
          out.push({
            ...json(`${k} nested deeply`, { ...base, [k]: JSON.parse(deeplyNested(1500)) }),
            heavy: true,
          });
        }
        // A third of the injection strings per field, a different third for the next field: over
        // an operation's fields and over the operations every string meets every kind of field.
        INJECTIONS.forEach((inj, i) => {
          if ((i + j) % 3 === 0)
            out.push({ ...json(`${k} injection`, { ...base, [k]: inj, isAdmin: true }), heavy: i > 2 });
        });
      }
    }
    out.push(json('unknown field', { ...base, role: 'admin', isAdmin: true }));
    // Otherwise well-formed: NUL characters are refused for every route, whatever its rules.
    const stringProps = Object.entries(props).filter(([, p]) => p.type === 'string' && !p.enum);
    if (stringProps.length)
      out.push(
        json('NUL in strings', { ...base, ...Object.fromEntries(stringProps.map(([k]) => [k, 'a\u0000b'])) }),
      );
    out.push({
      label: 'prototype pollution',
      path: basePath,
      contentType: 'application/json',
      body: `{"__proto__":{"polluted":true,"role":"admin"},"constructor":{"prototype":{"polluted":true}}}`,
    });
    if ('version' in props) out.push(json('stale version, other department ids', base));
  }
  return out;
}

let t: TestApp;
const tokens = new Map<Role, string>();
const users = new Map<Role, { username: string; password: string; id: string }>();

/** Roles that were answered 401 with their token: a route (logout, a session list) may end sessions. */
const ended = new Set<Role>();

async function freshToken(role: Role): Promise<string> {
  const current = tokens.get(role);
  if (current && !ended.has(role)) return current;
  ended.delete(role);
  const u = users.get(role)!;
  const res = await request(t.baseUrl)
    .post('/api/auth/login')
    .send({ username: u.username, password: u.password });
  if (res.status !== 200) throw new Error(`re-login of ${role} failed: ${res.status}`);
  tokens.set(role, res.body.accessToken as string);
  return res.body.accessToken as string;
}

beforeAll(async () => {
  t = await startTestApp({ env: { API_RATE_LIMIT: '10000000', LOGIN_RATE_LIMIT: '100000' }, listen: true });
  for (const role of ROLES) {
    const u = await userWithToken(t.http, t.ds, { role });
    tokens.set(role, u.token);
    users.set(role, { username: u.user.username, password: 'Test-password-2026', id: u.user.id });
  }
});

afterAll(async () => {
  await t.close();
});

it('survives hostile requests to every documented operation without 5xx, non-problem errors or data changes', async () => {
  const doc = (await request(t.baseUrl).get('/api/docs-json').expect(200)).body;
  const ops = operationsOf(doc);
  expect(ops.length).toBeGreaterThanOrEqual(10);

  // Records of another department, whose ids the requests use.
  const otherDept = await makeDepartment(t.ds, { name: '他部署検証課' });
  const otherClerk = await makeUser(t.ds, { role: 'clerk', departmentId: otherDept.id });
  await t.ds.query(
    `INSERT INTO case_file (department_id, title, created_by_id) VALUES ($1, '他課の事案', $2)`,
    [otherDept.id, otherClerk.id],
  );
  const [{ id: otherCaseId }] = await t.ds.query(`SELECT id FROM case_file WHERE department_id = $1`, [
    otherDept.id,
  ]);
  const ids = {
    department: otherDept.id,
    user: otherClerk.id,
    otherIds: [otherDept.id, otherClerk.id, otherCaseId as string],
  };

  // Credentials that must all be refused.
  const admin = users.get('admin')!;
  const { sid } = jwt.decode(tokens.get('admin')!) as { sid: string };
  const revoked = await userWithToken(t.http, t.ds, { role: 'admin' });
  await request(t.baseUrl).post('/api/auth/logout').set(revoked.auth).expect(204);
  const badCredentials: Record<string, Record<string, string>> = {
    'other secret': {
      Authorization: `Bearer ${jwt.sign({ sub: admin.id, sid, role: 'admin' }, 'another-secret-of-sufficient-length-123')}`,
    },
    expired: {
      Authorization: `Bearer ${jwt.sign({ sub: admin.id, sid, role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET)}`,
    },
    'alg none': {
      Authorization: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: admin.id, sid, role: 'admin' })).toString('base64url')}.`,
    },
    'injected claims': {
      Authorization: `Bearer ${jwt.sign({ sub: `' OR 1=1 --`, sid: `'; DROP TABLE user_session; --`, role: 'admin' }, TEST_JWT_SECRET)}`,
    },
    'other user with my session': {
      Authorization: `Bearer ${jwt.sign({ sub: otherClerk.id, sid, role: 'admin' }, TEST_JWT_SECRET)}`,
    },
    'logged-out session': revoked.auth,
    'garbage bearer': { Authorization: 'Bearer ' + 'x'.repeat(5000) },
    'basic auth': { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    'cookie from another site': {
      Cookie: `shingikai_session=${tokens.get('admin')!}`,
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
    },
  };

  const digest = () =>
    databaseDigests(t.databaseUrl, { except: CHANGING_TABLES, ignoreColumns: CHANGING_COLUMNS });
  let reference: Digests = await digest();
  /** Writes the application accepted (2xx): a hostile-looking but valid draft, stored verbatim, is fine. */
  const accepted: string[] = [];
  let acceptedInOp = 0;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const failures: string[] = [];
  let sent = 0;

  /** Where the time goes (printed at the end): heavy variants, the rest, the table digests. */
  const spent = { heavy: 0, light: 0, digests: 0, probes: 0 };
  const timed = async <T>(key: keyof typeof spent, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      spent[key] += performance.now() - start;
    }
  };

  const send = (op: Operation, r: HostileRequest, who: string, headers: Record<string, string>) =>
    timed(r.heavy ? 'heavy' : 'light', () => sendOne(op, r, who, headers));
  const sendOne = async (op: Operation, r: HostileRequest, who: string, headers: Record<string, string>) => {
    const url = r.query ? `${r.path}?${r.query}` : r.path;
    let req = request(t.baseUrl)[op.method](url).set(headers);
    if (r.headers) req = req.set(r.headers);
    if (r.contentType) req = req.set('Content-Type', r.contentType);
    if (r.body !== undefined) req = req.send(r.body as string);
    const res = await req;
    sent++;
    if (res.status === 401 && ROLES.includes(who as Role)) ended.add(who as Role);
    const where = `${op.method.toUpperCase()} ${op.path} [${who}] ${r.label}: ${res.status}`;
    if (op.method !== 'get' && res.status < 300) {
      acceptedInOp++;
      accepted.push(where);
      // Only a caller the route admits may ever change something.
      if (!ROLES.includes(who as Role)) failures.push(`${where} accepted without valid credentials`);
    }
    if (res.status >= 500) failures.push(`${where} ${res.text.slice(0, 200)}`);
    else if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
        failures.push(`${where} not problem+json`);
      else if (typeof res.body?.code !== 'string' || !JAPANESE.test(String(res.body?.detail)))
        failures.push(`${where} problem without code or Japanese detail`);
    }
  };

  for (const [opIndex, op] of ops.entries()) {
    const hostile = hostileRequests(op, ids, opIndex);
    const plain: HostileRequest = {
      label: 'plain',
      path: op.pathParams.reduce((p, name) => p.replace(`{${name}}`, randomUUID()), op.path),
    };
    // Roles the route admits (anything but 403) get past the guard to validation and services.
    const allowed: Role[] = [];
    await timed('probes', async () => {
      for (const role of ROLES) {
        const probe = async () =>
          request(t.baseUrl)
            [op.method](plain.path)
            .set('Authorization', `Bearer ${await freshToken(role)}`);
        let res = await probe();
        // A session ended by an earlier request: sign in again and ask once more.
        if (res.status === 401) {
          ended.add(role);
          res = await probe();
        }
        if (res.status !== 403) allowed.push(role);
      }
    });
    // Validation and framing defects are refused before a service runs whatever the admitted role,
    // so the admitted roles share the whole list between them (each request goes to one of them,
    // taking turns over the operations; heavy variants to one role), and every admitted role gets
    // every request that carries real ids of another department's records, which is where roles
    // differ. Over all operations every role meets every kind of defect.
    const acrossDepartments = (r: HostileRequest) =>
      r.label.startsWith('other record') || r.label.startsWith('stale version');
    const refusedSample = hostile.filter((r, i) => !r.heavy && (i % 10 === 0 || acrossDepartments(r)));
    const share = (role: Role) => {
      const k = allowed.indexOf(role);
      const n = allowed.length;
      return hostile.filter((r, i) =>
        r.heavy ? k === opIndex % n : (i + opIndex) % n === k || acrossDepartments(r),
      );
    };
    // Hostile input: anonymous and as each role. Anonymous requests stop at the body parser or the
    // guard whatever the route, so every eighth operation gets the whole list, the others a sample
    // (this keeps the corpus's time bounded as routes are added).
    for (const r of opIndex % 8 === 0 ? hostile : refusedSample) await send(op, r, 'anonymous', {});
    for (const role of ROLES) {
      const auth = { Authorization: `Bearer ${await freshToken(role)}` };
      // A role the route refuses is stopped by the guard whatever the input: a sample suffices.
      const cases = allowed.includes(role) ? share(role) : refusedSample;
      for (const r of cases) await send(op, r, role, auth);
    }
    // Unusable credentials with an ordinary request.
    for (const [who, headers] of Object.entries(badCredentials)) await send(op, plain, who, headers);

    // Refused requests change nothing. When the route accepted a request (a role it admits sent
    // input that is valid, however odd), the new state becomes the reference for the next route.
    const now = await timed('digests', digest);
    if (acceptedInOp === 0) {
      if (JSON.stringify(now) !== JSON.stringify(reference))
        failures.push(
          `${op.method.toUpperCase()} ${op.path}: data changed although every request was refused`,
        );
    } else reference = now;
    acceptedInOp = 0;
  }

  expect(failures.slice(0, 25)).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(200);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // The app still works for everyone afterwards.
  for (const role of ROLES)
    await request(t.baseUrl)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${await freshToken(role)}`)
      .expect(200);
  process.stdout.write(
    `bad-input corpus: ${sent} requests over ${ops.length} operations; ${accepted.length} accepted writes by admitted roles; ` +
      `seconds: heavy ${(spent.heavy / 1000).toFixed(0)}, others ${(spent.light / 1000).toFixed(0)}, ` +
      `role probes ${(spent.probes / 1000).toFixed(0)}, table digests ${(spent.digests / 1000).toFixed(0)}\n`,
  );
}, 900_000);
