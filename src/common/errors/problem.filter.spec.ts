import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { toAppError } from './problem.filter';

/** What pg and pg-pool throw when the database goes away, by way of a query or a connect. */
const lostConnection: [string, unknown][] = [
  [
    'the server terminated the session',
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ],
  [
    'the database refuses connections',
    Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' }),
  ],
  ['the socket closed under a query', new Error('Connection terminated unexpectedly')],
  [
    'a query written to a closed socket',
    Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' }),
  ],
  [
    'a client that already saw its connection fail',
    new Error('Client has encountered a connection error and is not queryable'),
  ],
  ['a client the pool closed after its failure', new Error('Client was closed and is not queryable')],
  [
    'the server cannot be reached',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  ],
];

describe('toAppError: a lost database connection is 503, never 500', () => {
  it.each(lostConnection)('%s', (_what, error) => {
    expect(toAppError(error)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it.each(lostConnection)('%s, wrapped as TypeORM wraps a failed query', (_what, error) => {
    expect(toAppError(new QueryFailedError('SELECT 1', [], error as Error))).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
  });

  it.each([
    ['a query on its runner', new QueryRunnerAlreadyReleasedError()],
    ['a query on its manager', new QueryRunnerProviderAlreadyReleasedError()],
  ])('the transaction whose connection failed between two queries: %s', (_what, error) => {
    expect(toAppError(error)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('a fault of the program stays a 500', () => {
    expect(toAppError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});
