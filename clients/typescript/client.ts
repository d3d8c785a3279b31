// A small typed fetch client over the generated `schema.d.ts` (regenerate both with `npm run api:client`).
import type { components, paths } from './schema';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Problem = components['schemas']['ProblemDto'];

/** The operation at a path and method (never when there is none). */
export type Operation<P extends keyof paths, M extends Method> =
  paths[P] extends Record<M, infer O> ? (O extends { responses: unknown } ? O : never) : never;

/** The paths that have an operation for a method: what `client.get` and friends accept. */
export type PathsFor<M extends Method> = {
  [P in keyof paths]: Operation<P, M> extends never ? never : P;
}[keyof paths];

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Success<O> = O extends { responses: infer R }
  ? { [K in keyof R]: K extends 200 | 201 | 204 ? Json<R[K]> : never }[keyof R]
  : never;
type Params<O> = O extends { parameters: infer P } ? P : never;
type PathParams<O> = Params<O> extends { path: infer P } ? P : never;
type QueryParams<O> = Params<O> extends { query?: infer Q } ? Q : never;
type Body<O> = O extends { requestBody?: infer RB }
  ? [NonNullable<RB>] extends [never]
    ? never
    : NonNullable<RB> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;

export type RequestOptions<O> = ([PathParams<O>] extends [never]
  ? { path?: never }
  : { path: PathParams<O> }) & {
  query?: QueryParams<O>;
} & ([Body<O>] extends [never] ? { body?: never } : { body: Body<O> });

/** An error answer of the API (RFC 9457 problem+json). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
  }
}

export interface ApiClient {
  request<M extends Method, P extends PathsFor<M>>(
    method: M,
    path: P,
    options?: RequestOptions<Operation<P, M>>,
  ): Promise<Success<Operation<P, M>>>;
  /** Uses this bearer token from now on (e.g. the one `POST /api/auth/login` answers). */
  setToken(token: string): void;
}

export function createClient(
  baseUrl: string,
  init: { token?: string; fetch?: typeof fetch } = {},
): ApiClient {
  let token = init.token;
  const doFetch = init.fetch ?? fetch;
  return {
    setToken(next) {
      token = next;
    },
    async request(method, path, options) {
      const o = (options ?? {}) as {
        path?: Record<string, string>;
        query?: Record<string, unknown>;
        body?: unknown;
      };
      let url = String(path).replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(String(o.path?.[name])),
      );
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(o.query ?? {}))
        if (v !== undefined && v !== null) for (const item of [v].flat()) query.append(k, String(item));
      if ([...query].length) url += `?${query.toString()}`;
      const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (o.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await doFetch(baseUrl + url, {
        method: method.toUpperCase(),
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      const text = await res.text();
      const data: unknown = text ? JSON.parse(text) : undefined;
      if (!res.ok) throw new ApiError(res.status, data as Problem);
      return data as never;
    },
  };
}
