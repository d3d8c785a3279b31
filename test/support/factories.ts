import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Department } from '../../src/departments/department.entity';
import type { Role } from '../../src/users/role';
import { insertUser } from '../../src/users/user-factory';
import type { User } from '../../src/users/user.entity';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export const DEFAULT_PASSWORD = 'Test-password-2026';

export async function makeDepartment(
  ds: DataSource,
  overrides: Partial<Department> = {},
): Promise<Department> {
  const n = next();
  const repo = ds.getRepository(Department);
  return repo.save(
    repo.create({
      code: `dept-${n}`,
      name: `テスト課${n}`,
      division: 'テスト部',
      isSecretariat: false,
      ...overrides,
    }),
  );
}

export async function makeUser(
  ds: DataSource,
  opts: {
    role: Role;
    username?: string;
    displayName?: string;
    departmentId?: string | null;
    password?: string;
    mustChangePassword?: boolean;
  },
): Promise<User & { password: string }> {
  let departmentId = opts.departmentId ?? null;
  if (opts.role === 'clerk' && !departmentId) departmentId = (await makeDepartment(ds)).id;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const user = await ds.transaction((m) =>
    insertUser(m, {
      username: opts.username ?? `${opts.role}-${next()}`,
      displayName: opts.displayName ?? `テスト ${opts.role}`,
      role: opts.role,
      departmentId,
      password,
      mustChangePassword: opts.mustChangePassword ?? false,
    }),
  );
  return Object.assign(user, { password });
}

/** Logs in through the API and returns the bearer token. */
export async function login(http: App, username: string, password = DEFAULT_PASSWORD): Promise<string> {
  const res = await request(http).post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login failed for ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A user of the tests with its bearer token. */
export type Actor = Awaited<ReturnType<typeof userWithToken>>;

export async function userWithToken(
  http: App,
  ds: DataSource,
  opts: Parameters<typeof makeUser>[1],
): Promise<{ user: User; token: string; auth: { Authorization: string } }> {
  const user = await makeUser(ds, opts);
  const token = await login(http, user.username, user.password);
  return { user, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Logs in through the screens' login form; the session cookie it sets and where it sends the browser. */
export async function formLogin(
  http: App,
  username: string,
  password = DEFAULT_PASSWORD,
): Promise<{ cookie: string; location: string }> {
  const res = await request(http).post('/login').type('form').send({ username, password }).expect(303);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
    c.startsWith('shingikai_session='),
  );
  return { cookie: cookie!.split(';')[0], location: res.headers.location as string };
}
