import { applyDecorators, Delete, Get, HttpCode, Patch, Post, Put, type Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  type ApiOperationOptions,
  type ApiResponseNoStatusOptions,
} from '@nestjs/swagger';
import { Authenticated, Roles } from '../../auth/decorators';
import type { Role } from '../../users/role';

/*
 * One decorator per API route instead of the same four or five on every handler: the operation's
 * summary, the HTTP verb and path, who may call it, and its success answer. What they set is exactly
 * what the separate decorators set (the OpenAPI document and the access matrix read the same metadata).
 */

/** Who may call a route: its roles, any logged-in user, or the roles set on its controller class. */
export type Access = readonly Role[] | 'authenticated' | 'controller';
/** The success answer: a response DTO, a list of one (`[Dto]`), or the full response options. */
export type Answer = Type<unknown> | [Type<unknown>] | ApiResponseNoStatusOptions;
/** The operation: its summary, or the full operation options. */
export type Summary = string | ApiOperationOptions;

const operation = (s: Summary) => ApiOperation(typeof s === 'string' ? { summary: s } : s);
const access = (a: Access): MethodDecorator[] =>
  a === 'controller' ? [] : [a === 'authenticated' ? Authenticated() : Roles(...a)];
const answer = (a: Answer): ApiResponseNoStatusOptions =>
  typeof a === 'function' || Array.isArray(a) ? { type: a } : a;

const VERBS = { post: Post, put: Put, patch: Patch, delete: Delete } as const;
export type WriteVerb = keyof typeof VERBS;

/** A read: `GET path` answering 200 with `ok`. */
export function ApiGet(path: string, summary: Summary, who: Access, ok?: Answer) {
  const decorators = [operation(summary), Get(path), ...access(who)];
  if (ok) decorators.push(ApiOkResponse(answer(ok)));
  return applyDecorators(...decorators);
}

/** A creation: `POST path` answering 201 with what it made. */
export function ApiCreate(path: string, summary: Summary, who: Access, created: Answer) {
  return applyDecorators(operation(summary), Post(path), ...access(who), ApiCreatedResponse(answer(created)));
}

/**
 * A change: answers 200 with `ok` (a POST says so, its default being 201), or 204 without a body
 * when there is no `ok`.
 */
export function ApiWrite(verb: WriteVerb, path: string, summary: Summary, who: Access, ok?: Answer) {
  const decorators = [operation(summary), VERBS[verb](path), ...access(who)];
  if (!ok) decorators.push(HttpCode(204));
  else {
    if (verb === 'post') decorators.push(HttpCode(200));
    decorators.push(ApiOkResponse(answer(ok)));
  }
  return applyDecorators(...decorators);
}
