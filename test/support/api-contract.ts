import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import type { CreateAppHooks } from '../../src/create-app';

/**
 * The OpenAPI document is the contract: every answer the test apps give under /api is checked
 * against the document's operation for its status and content type, and a JSON body against the
 * schema. What does not match is collected here and fails the test that made the request
 * (test/support/api-contract-setup.ts checks after each test).
 */

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const MAX_JSON_BYTES = 20 * 1024 * 1024;
const violations: string[] = [];

/** The violations collected since the last call (and forgets them). */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * OpenAPI 3.0's `nullable` only widens a `type`; Ajv reads it so. A nullable `$ref` (`allOf`) means
 * "that model or null" too: said in JSON Schema.
 */
function nullableRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefs);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableRefs(v)])) as Schema;
  if (out.nullable === true && (out.type === undefined || out.allOf || out.oneOf || out.$ref)) {
    const { nullable: _, type: __, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/** One compiled view of a document: operations by method and path template, and lazily compiled schemas. */
export class Contract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { method: string; template: string; pattern: RegExp; literals: number }[] = [];

  constructor(readonly document: OpenAPIObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // The response schemas point at `#/components/...` of the document: resolve them in one schema.
    this.ajv.addSchema({ $id: 'openapi.json', components: nullableRefs(document.components ?? {}) });
    for (const [template, item] of Object.entries(document.paths))
      for (const method of Object.keys(item))
        if (METHODS.has(method)) {
          const source = template
            .split('/')
            .map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('/');
          const literals = template.split('/').filter((s) => !s.startsWith('{')).length;
          this.templates.push({ method, template, pattern: new RegExp(`^${source}/?$`), literals });
        }
    // A literal segment wins over a parameter (`/api/cases/export.csv` before `/api/cases/{id}`).
    this.templates.sort((a, b) => b.literals - a.literals);
  }

  operation(method: string, template: string): Operation | undefined {
    return this.document.paths[template]?.[method as 'get'] as Operation | undefined;
  }

  /** The template of the operation a request path falls under, when the router did not say. */
  match(method: string, path: string): string | undefined {
    return this.templates.find((t) => t.method === method && t.pattern.test(path))?.template;
  }

  validator(key: string, schema: Schema): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      const rebased = nullableRefs(
        JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi.json#/components/')),
      ) as Schema;
      v = this.ajv.compile(rebased);
      this.validators.set(key, v);
    }
    return v;
  }
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `  - body${e.instancePath || ''} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function currentTest(): string {
  const state = (globalThis as { expect?: { getState(): { currentTestName?: string } } }).expect?.getState();
  return state?.currentTestName ?? '(outside a test: beforeAll/afterAll)';
}

/** The compiled contract of a document (for checking answers by hand, as the contract test does). */
export function contractFor(document: OpenAPIObject): Contract {
  return new Contract(document);
}

/** The checks of one answer; returns what is wrong (empty when it keeps the contract). */
export function checkAnswer(
  contract: Contract,
  answer: {
    method: string;
    path: string;
    routePath?: string;
    status: number;
    contentType: string;
    body: Buffer;
  },
): string[] {
  const method = answer.method.toLowerCase();
  // Nest's catch-all (`{/*splat}`) is no operation: the answer is the stack's 404.
  const routed = answer.routePath?.includes('*') ? undefined : answer.routePath?.replace(/:(\w+)/g, '{$1}');
  let path = answer.path;
  try {
    path = decodeURIComponent(answer.path); // `/api/%61dmin/users` is `/api/admin/users` to the router
  } catch {
    // a malformed escape stays as it came
  }
  const template = routed ?? contract.match(method, path);
  const mime = answer.contentType.split(';')[0].trim().toLowerCase();
  const json = mime === 'application/json' || mime.endsWith('+json');
  if (!template || !contract.operation(method, template)) {
    if (routed)
      return [
        `${method.toUpperCase()} ${routed} is not in the OpenAPI document. Give its controller @ApiTags('…') ` +
          `and each handler @ApiOperation({ summary: '…' }) and its responses (@ApiOkResponse / @ApiCreatedResponse / ` +
          `@ApiNoContentResponse with the response DTO), or @ApiExcludeController() if it is a screen, not the API.`,
      ];
    // No operation (an unknown or ill-formed path): the stack's own refusal, a 4xx ProblemDto.
    if (answer.status >= 400 && answer.status < 500 && mime === 'application/problem+json') {
      const validate = contract.validator('ProblemDto', { $ref: '#/components/schemas/ProblemDto' });
      return validate(parseJson(answer.body))
        ? []
        : [
            `${method.toUpperCase()} ${answer.path} answered ${answer.status} with a problem that is not a ProblemDto:\n${describeErrors(validate.errors)}`,
          ];
    }
    return [
      `no documented operation for ${method.toUpperCase()} ${answer.path} (answered ${answer.status} as ${mime || 'no content type'})`,
    ];
  }
  const op = contract.operation(method, template)!;
  const where = `${method.toUpperCase()} ${template}`;
  const documented = op.responses[String(answer.status)];
  if (!documented)
    return [
      `${where} answered ${answer.status}, which the document does not list (it lists ${Object.keys(op.responses).join(', ')}). ` +
        `Document it on the handler (e.g. @ApiCreatedResponse for a POST that answers 201, @HttpCode(200) is behaviour: do not change it).`,
    ];
  const content = documented.content ?? {};
  if (answer.body.length === 0) {
    const required = Object.keys(content).length > 0 && answer.status !== 304;
    return required
      ? [
          `${where} answered ${answer.status} with an empty body, but the document promises ${Object.keys(content).join(', ')}`,
        ]
      : [];
  }
  // Keys may carry parameters (`text/csv; charset=utf-8`): compare the media types.
  const byType = Object.fromEntries(
    Object.entries(content).map(([k, v]) => [k.split(';')[0].trim().toLowerCase(), v]),
  );
  const media = byType[mime] ?? byType[`${mime.split('/')[0]}/*`] ?? byType['*/*'];
  if (!media)
    return [
      `${where} answered ${answer.status} as ${mime || '(no content type)'}, but the document lists ` +
        `${Object.keys(content).join(', ') || 'no body'} for ${answer.status} (@ApiProduces / the response decorator's content).`,
    ];
  if (!json || !media.schema) return []; // files (PDF, docx, xlsx, CSV): the content type is the contract
  if (answer.body.length > MAX_JSON_BYTES) return [];
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return [`${where} answered ${answer.status} as ${mime} with a body that is not JSON`];
  }
  const validate = contract.validator(`${where} ${answer.status} ${mime}`, media.schema);
  if (validate(body)) return [];
  return [
    `${where} answered ${answer.status} with a body that does not match its schema ` +
      `(fix the response DTO's @ApiProperty decorators, not the answer):\n${describeErrors(validate.errors)}`,
  ];
}

/** The hooks for `createApp` that check every /api answer against the app's own document. */
export function contractHooks(): CreateAppHooks {
  let contract: Contract | undefined;
  return {
    document: (document) => {
      contract = new Contract(document);
    },
    first: (app: NestExpressApplication) => {
      app.use((req: Request, res: Response, next: NextFunction) => {
        if (!req.path.startsWith('/api/') || req.path.startsWith('/api/docs')) return next();
        if (!METHODS.has(req.method.toLowerCase())) return next();
        const chunks: Buffer[] = [];
        let size = 0;
        const keep = (chunk: unknown, encoding?: unknown) => {
          if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_JSON_BYTES)
            return;
          const buf = Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(
                chunk as string,
                typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
              );
          size += buf.length;
          chunks.push(buf);
        };
        const write = res.write.bind(res) as (...args: unknown[]) => boolean;
        const end = res.end.bind(res) as (...args: unknown[]) => Response;
        res.write = ((...args: unknown[]) => {
          keep(args[0], args[1]);
          return write(...args);
        }) as Response['write'];
        res.end = ((...args: unknown[]) => {
          keep(args[0], args[1]);
          return end(...args);
        }) as Response['end'];
        const test = currentTest();
        res.on('finish', () => {
          if (!contract) return;
          const route = (req as Request & { route?: { path?: unknown } }).route;
          let problems: string[];
          try {
            problems = checkAnswer(contract, {
              method: req.method,
              path: req.path,
              routePath: typeof route?.path === 'string' ? route.path : undefined,
              status: res.statusCode,
              contentType: String(res.getHeader('content-type') ?? ''),
              body: Buffer.concat(chunks),
            });
          } catch (error) {
            problems = [
              `${req.method} ${req.path}: the document's schema cannot be checked: ${(error as Error).message}`,
            ];
          }
          for (const p of problems) violations.push(`[${test}] ${p}`);
        });
        next();
      });
    },
  };
}
