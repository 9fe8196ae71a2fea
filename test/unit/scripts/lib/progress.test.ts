import {
  ProgressRenderer,
  computeRate,
  computeRemainingSeconds,
  formatBitrate,
  formatBytes,
  formatDuration,
  formatPercent,
  formatTaskLine,
  formatTransferLine,
  renderBar,
  trimSamples,
} from '../../../../scripts/lib/progress';
import type { RateSample } from '../../../../scripts/lib/progress';

describe('formatting', () => {
  test('bytes in decimal units, like the upload limit', () => {
    expect([0, 999, 1000, 690_200, 99_950_000, 100_000_000, 1_500_000_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '690.2 kB',
      '100.0 MB',
      '100.0 MB',
      '1.5 GB',
    ]);
    expect(formatBytes(-1)).toBe('?');
  });

  test('bit rates as a person reads them', () => {
    expect([386_027, 795_616, 2_500_000].map(formatBitrate)).toEqual(['386 kbps', '796 kbps', '2.5 Mbps']);
  });

  test('durations as m:ss, h:mm:ss from an hour on, --:-- when unknown', () => {
    expect([0, 4.4, 65, 3600, 3725].map(formatDuration)).toEqual(['0:00', '0:04', '1:05', '1:00:00', '1:02:05']);
    expect([undefined, Infinity, -1, NaN].map(formatDuration)).toEqual(['--:--', '--:--', '--:--', '--:--']);
  });

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

describe('rates and time left', () => {
  test('the rate over the last window, not since the start', () => {
    const samples: RateSample[] = [
      { atMs: 0, value: 0 },
      { atMs: 1000, value: 1000 },
      { atMs: 5000, value: 5000 },
      { atMs: 6000, value: 15_000 },
      { atMs: 7000, value: 25_000 },
    ];
    // Window 3 s back from 7000: from the sample at 5000 on.
    expect(computeRate(samples, 3000)).toBe(10_000);
    expect(computeRate(samples, 10_000)).toBeCloseTo(25_000 / 7);
  });

  test('no rate until two samples span some time; a lone recent sample uses the one before', () => {
    expect(computeRate([])).toBeUndefined();
    expect(computeRate([{ atMs: 5, value: 1 }])).toBeUndefined();
    expect(
      computeRate([
        { atMs: 5, value: 1 },
        { atMs: 5, value: 9 },
      ]),
    ).toBeUndefined();
    expect(
      computeRate(
        [
          { atMs: 0, value: 0 },
          { atMs: 10_000, value: 50 },
        ],
        3000,
      ),
    ).toBe(5);
  });

  test('trimming keeps what the window needs', () => {
    const samples: RateSample[] = Array.from({ length: 100 }, (_, index) => ({ atMs: index * 100, value: index }));
    trimSamples(samples, 3000);
    expect(samples[0].atMs).toBeLessThan(9900 - 3000);
    expect(samples[1].atMs).toBeGreaterThanOrEqual(9900 - 3000);
    expect(computeRate(samples, 3000)).toBeCloseTo(10);
  });

  test('time left', () => {
    expect(computeRemainingSeconds(25, 100, 5)).toBe(15);
    expect(computeRemainingSeconds(25, 100, undefined)).toBeUndefined();
    expect(computeRemainingSeconds(25, 100, 0)).toBeUndefined();
    expect(computeRemainingSeconds(100, 100, undefined)).toBe(0);
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
