import {
  ProgressRenderer,
  formatPercent,
  formatTaskLine,
  formatTransferLine,
  renderBar,
} from '../../../../scripts/lib/progress';

describe('bars', () => {
  test('a bar of a fixed width, clamped to 0..1', () => {
    expect(renderBar(0, 10)).toBe('[>         ]');
    expect(renderBar(0.5, 10)).toBe('[=====>    ]');
    expect(renderBar(1, 10)).toBe('[==========]');
    expect(renderBar(7, 10)).toBe('[==========]');
    expect(renderBar(NaN, 4)).toBe('[>   ]');
    expect(renderBar(0.999, 10)).toHaveLength(12);
    expect(formatPercent(0.426)).toBe(' 42%');
  });
});

describe('lines', () => {
  test('an upload line: bar, percent, bytes, speed, time left', () => {
    expect(formatTransferLine('upload', { done: 42_000_000, total: 100_000_000, rate: 12_500_000, barWidth: 10 })).toBe(
      'upload [====>     ]  42%  42.0 MB / 100.0 MB  12.5 MB/s  0:05 left',
    );
    expect(formatTransferLine('upload', { done: 0, total: 10, rate: undefined, barWidth: 4 })).toBe(
      'upload [>   ]   0%  0 B / 10 B  --/s  --:-- left',
    );
  });

  test('a transcode line: bar, percent, elapsed, time left, detail', () => {
    expect(
      formatTaskLine('transcode', { percent: 40, elapsedSeconds: 12, rate: 2, detail: 'PROCESSING', barWidth: 10 }),
    ).toBe('transcode [====>     ]  40%  0:12 elapsed  0:30 left  (PROCESSING)');
  });
});

describe('ProgressRenderer', () => {
  const setup = (interactive: boolean) => {
    let now = 0;
    const written: string[] = [];
    const renderer = new ProgressRenderer({
      stream: { write: (text: string) => written.push(text) },
      interactive,
      logIntervalMs: 5000,
      redrawIntervalMs: 100,
      now: () => now,
    });
    return { renderer, written, tick: (ms: number) => (now += ms) };
  };

  test('on a terminal: redraws one line in place, at most every redraw interval', () => {
    const { renderer, written, tick } = setup(true);
    renderer.update('a');
    tick(50);
    renderer.update('b');
    tick(60);
    renderer.update('c');
    renderer.finish('done');
    expect(written).toEqual(['\ra\x1b[K', '\rc\x1b[K', '\rdone\x1b[K', '\n']);
  });

  test('in a log: whole lines, at most one per log interval, the last state always', () => {
    const { renderer, written, tick } = setup(false);
    renderer.update('1%');
    for (let i = 0; i < 9; i += 1) {
      tick(1000);
      renderer.update(`${i + 2}%`);
    }
    renderer.finish('100%');
    expect(written).toEqual(['1%\n', '6%\n', '100%\n']);
  });

  test('in a log: the same line twice is printed once', () => {
    const { renderer, written, tick } = setup(false);
    renderer.update('same');
    tick(6000);
    renderer.update('same');
    expect(written).toEqual(['same\n']);
  });

  test('clearLine ends a drawn bar so other output starts on its own line', () => {
    const { renderer, written } = setup(true);
    renderer.clearLine();
    renderer.update('x');
    renderer.clearLine();
    expect(written).toEqual(['\rx\x1b[K', '\n']);
  });
});
