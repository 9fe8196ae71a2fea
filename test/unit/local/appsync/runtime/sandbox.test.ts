import { CodeError, compileResolverCode, evaluateHandler } from '../../../../../local/appsync/runtime';

const header =
  'import { util, runtime, extensions } from "@aws-appsync/utils";\nimport * as ddb from "@aws-appsync/utils/dynamodb";\n';

function run(body: string, context: Parameters<typeof evaluateHandler>[2] = {}, handler = 'request') {
  return evaluateHandler(compileResolverCode(`${header}${body}`, 'test.js'), handler, context);
}

describe('APPSYNC_JS sandbox', () => {
  test('has no require, process, Buffer, timers, fetch, eval or Function constructor', () => {
    const outcome = run(`export function request() {
      return [typeof require, typeof process, typeof Buffer, typeof setTimeout, typeof fetch, typeof queueMicrotask];
    }`);
    expect(outcome.result).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    expect(run('export function request() { return eval("1 + 1"); }').runtimeError?.message).toMatch(
      /Code generation from strings disallowed/,
    );
    expect(
      run('export function request() { return util.constructor.constructor("return process")(); }').runtimeError
        ?.message,
    ).toMatch(/disallowed/);
  });

  test('an import other than the AppSync modules is refused at compile time', () => {
    expect(() =>
      compileResolverCode('import fs from "fs"; export function request() { return fs; }', 'bad.js'),
    ).toThrow(CodeError);
    expect(() => compileResolverCode('export function request( { return 1; }', 'syntax.js')).toThrow(/syntax\.js/);
  });

  test('one evaluation leaves nothing behind for the next', () => {
    const code = compileResolverCode(
      `${header}
      let calls = 0;
      export function request(ctx) {
        calls += 1;
        const before = typeof globalThis.leaked;
        globalThis.leaked = 1;
        Array.prototype.polluted = 1;
        return { calls, before, polluted: [].polluted };
      }`,
      'leak.js',
    );
    const first = evaluateHandler(code, 'request', {});
    const second = evaluateHandler(code, 'request', {});
    expect(first.runtimeError?.message).toMatch(/object is not extensible|read.only|Cannot add property/);
    expect(second.runtimeError?.message).toMatch(/object is not extensible|read.only|Cannot add property/);
    const globals = compileResolverCode(
      `${header} export function request() { const before = typeof globalThis.leaked; globalThis.leaked = 1; return before; }`,
      'globals.js',
    );
    expect(evaluateHandler(globals, 'request', {}).result).toBe('undefined');
    expect(evaluateHandler(globals, 'request', {}).result).toBe('undefined');
  });

  test('globals set while the outcome is read and serialized (getters, toJSON) are gone by the next evaluation', () => {
    const code = compileResolverCode(
      `${header}
      export function request(ctx) {
        const before = [typeof globalThis.byToJson, typeof globalThis.byStash, typeof JSON.forged];
        Object.defineProperty(ctx, 'stash', { get() { globalThis.byStash = 1; return {}; } });
        globalThis.JSON = { stringify: () => '{"forged":true}', forged: true };
        return { before, toJSON() { globalThis.byToJson = 1; return before; } };
      }`,
      'late-globals.js',
    );
    expect(evaluateHandler(code, 'request', {}).result).toEqual(['undefined', 'undefined', 'undefined']);
    expect(evaluateHandler(code, 'request', {}).result).toEqual(['undefined', 'undefined', 'undefined']);
  });

  test('a handler that never ends is stopped; code compiled before it still runs after', () => {
    const earlier = compileResolverCode(`${header} export function request(ctx) { return ctx.args.n + 1; }`, 'a.js');
    const outcome = run('export function request() { let i = 0; while (true) { i += 1; } }');
    expect(outcome.runtimeError?.message).toBe('Execution timed out after 1000 ms');
    expect(evaluateHandler(earlier, 'request', { arguments: { n: 1 } }).result).toBe(2);
    expect(run('export function request() { return 1; }').result).toBe(1);
  });

  test('ctx: arguments and args are the same object; stash mutations come back; results are JSON', () => {
    const outcome = run(
      `export function request(ctx) {
      ctx.stash.seen = ctx.args.id;
      return { same: ctx.arguments === ctx.args, when: new Date(0), gone: undefined, fn: () => 1 };
    }`,
      { arguments: { id: 'x' }, stash: { before: true } },
    );
    expect(outcome.result).toEqual({ same: true, when: '1970-01-01T00:00:00.000Z' });
    expect(outcome.stash).toEqual({ before: true, seen: 'x' });
  });

  test('util.error stops with type, data and errorInfo; appendError does not', () => {
    const outcome = run(`export function request() {
      util.appendError('first', 'Warning');
      util.error('Bad input', 'ValidationError', { field: 'title' }, { hint: 1 });
      return 'unreached';
    }`);
    expect(outcome.result).toBeUndefined();
    expect(outcome.error).toEqual({
      message: 'Bad input',
      errorType: 'ValidationError',
      data: { field: 'title' },
      errorInfo: { hint: 1 },
    });
    expect(outcome.appendedErrors).toEqual([{ message: 'first', errorType: 'Warning', data: null, errorInfo: null }]);
  });

  test('util.unauthorized names the field as AppSync does', () => {
    const outcome = run('export function request() { util.unauthorized(); }', {
      info: { fieldName: 'getVideo', parentTypeName: 'Query' },
    });
    expect(outcome.error).toMatchObject({
      message: 'Not Authorized to access getVideo on type Query',
      errorType: 'Unauthorized',
    });
  });

  test('runtime.earlyReturn and the subscription extensions are reported', () => {
    expect(run('export function request() { runtime.earlyReturn({ a: 1 }); return 2; }').earlyReturn).toEqual({
      data: { a: 1 },
    });
    const outcome = run(
      `export function response(ctx) {
      extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ userId: { eq: 'u1' }, id: { eq: 'v' } }));
      extensions.invalidateSubscriptions({ subscriptionField: 'onX', payload: { id: 'v' } });
      console.log('filter set', { id: 'v' });
      return null;
    }`,
      {},
      'response',
    );
    expect(outcome.subscriptionFilter).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'userId', operator: 'eq', value: 'u1' },
            { fieldName: 'id', operator: 'eq', value: 'v' },
          ],
        },
      ],
    });
    expect(outcome.invalidations).toEqual([{ subscriptionField: 'onX', payload: { id: 'v' } }]);
    expect(outcome.logs).toEqual(['INFO filter set {"id":"v"}']);
  });

  test('ids, time, encodings, matches and authType', () => {
    const outcome = run(
      `export function request() {
      return {
        uuid: util.autoId(), ulid: util.autoUlid(), ksuid: util.autoKsuid(),
        iso: util.time.epochMilliSecondsToISO8601(86400000),
        formatted: util.time.epochMilliSecondsToFormatted(1700000000123, 'yyyy-MM-dd HH:mm:ss.SSSZ'),
        parsed: util.time.parseFormattedToEpochMilliSeconds('2023-11-14 22:13:20', 'yyyy-MM-dd HH:mm:ss'),
        b64: util.base64Encode('héllo 🎬'), back: util.base64Decode(util.base64Encode('héllo 🎬')),
        url: util.urlEncode('a b&c'), matches: [util.matches('[a-z]+', 'abc'), util.matches('[a-z]+', 'abc1')],
        auth: util.authType(),
      };
    }`,
      { authMode: 'AMAZON_COGNITO_USER_POOLS' },
    );
    const result = outcome.result as Record<string, unknown>;
    expect(result.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.ulid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(result.ksuid).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(result).toMatchObject({
      iso: '1970-01-02T00:00:00.000Z',
      formatted: '2023-11-14 22:13:20.123+0000',
      parsed: 1700000000000,
      b64: Buffer.from('héllo 🎬').toString('base64'),
      back: 'héllo 🎬',
      url: 'a+b%26c',
      matches: [true, false],
      auth: 'User Pool Authorization',
    });
  });

  test('the dynamodb module builds queries, conditions and updates', () => {
    const outcome = run(`export function request() {
      return {
        query: ddb.query({ index: 'byOwner', query: { userId: { eq: 'u' }, id: { beginsWith: '01' } }, filter: { title: { attributeExists: true } }, scanIndexForward: false, limit: 5, nextToken: null }),
        put: ddb.put({ key: { id: 'a' }, item: { n: 1 }, condition: { id: { attributeExists: false } } }),
        update: ddb.update({ key: { id: 'a' }, update: { gone: ddb.operations.remove(), tags: ddb.operations.append(['x']), n: ddb.operations.decrement(2) } }),
      };
    }`);
    expect(outcome.result).toEqual({
      query: {
        operation: 'Query',
        index: 'byOwner',
        limit: 5,
        scanIndexForward: false,
        query: {
          expression: '#userId = :userId AND begins_with(#id, :id_beginsWith)',
          expressionNames: { '#userId': 'userId', '#id': 'id' },
          expressionValues: { ':userId': { S: 'u' }, ':id_beginsWith': { S: '01' } },
        },
        filter: { expression: 'attribute_exists(#title)', expressionNames: { '#title': 'title' } },
      },
      put: {
        operation: 'PutItem',
        key: { id: { S: 'a' } },
        attributeValues: { n: { N: 1 } },
        condition: { expression: 'attribute_not_exists(#id)', expressionNames: { '#id': 'id' } },
      },
      update: {
        operation: 'UpdateItem',
        key: { id: { S: 'a' } },
        update: {
          expression:
            'SET #expName_2 = list_append(#expName_2, :expValue_2), #expName_3 = #expName_3 - :expValue_3 REMOVE #expName_1',
          expressionNames: { '#expName_1': 'gone', '#expName_2': 'tags', '#expName_3': 'n' },
          expressionValues: { ':expValue_2': { L: [{ S: 'x' }] }, ':expValue_3': { N: 2 } },
        },
      },
    });
  });
});
