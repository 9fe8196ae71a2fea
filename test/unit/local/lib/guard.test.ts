import { guardListener } from '../../../../local/lib/guard';

describe('guardListener', () => {
  test('a listener that throws is logged and answered, and the call returns normally', () => {
    const lines: string[] = [];
    const answered: unknown[][] = [];
    const listener = guardListener(
      (name: string) => {
        throw new Error(`no ${name}`);
      },
      { what: (name) => `greeting ${name}`, log: (line) => lines.push(line), answer: (...args) => answered.push(args) },
    );
    expect(() => listener('alice')).not.toThrow();
    expect(lines).toEqual([expect.stringMatching(/^greeting alice failed: Error: no alice/)]);
    expect(answered).toEqual([[new Error('no alice'), 'alice']]);
  });

  test('a promise that rejects is logged and answered too', async () => {
    const lines: string[] = [];
    const answer = jest.fn();
    const listener = guardListener(() => Promise.reject(new Error('later')), {
      what: 'async work',
      log: (line) => lines.push(line),
      answer,
    });
    listener();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([expect.stringMatching(/^async work failed: Error: later/)]);
    expect(answer).toHaveBeenCalledTimes(1);
  });

  test('an answer that throws is logged as well, never thrown', () => {
    const lines: string[] = [];
    const listener = guardListener(
      () => {
        throw new Error('first');
      },
      {
        what: 'twice',
        log: (line) => lines.push(line),
        answer: () => {
          throw new Error('second');
        },
      },
    );
    expect(() => listener()).not.toThrow();
    expect(lines).toEqual([
      expect.stringMatching(/^twice failed: Error: first/),
      expect.stringMatching(/^twice: answering the failure failed too: Error: second/),
    ]);
  });

  test('a listener that succeeds is left alone', () => {
    const log = jest.fn();
    const seen: number[] = [];
    guardListener((value: number) => seen.push(value), { what: 'ok', log })(7);
    expect([seen, log.mock.calls]).toEqual([[7], []]);
  });
});
