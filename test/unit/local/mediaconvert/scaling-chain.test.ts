import { buildScalingChain, fitInside } from '../../../../local/mediaconvert/scaling-chain';
import type { ChainedOutput } from '../../../../local/mediaconvert/scaling-chain';

const landscape = { width: 1280, height: 720 };
const rung = (label: string, width: number, height: number): ChainedOutput => ({
  label,
  frame: { width, height },
  stretch: false,
});
const capture = (label: string, width: number, height: number): ChainedOutput => ({
  ...rung(label, width, height),
  sampleFilter: 'fps=1/1:start_time=0',
});

/** For each output label: the picture it gets and the picture that one was scaled from ("source" for the input). */
function pictures(chains: string[]): Map<string, { picture: string; from: string }> {
  const pads = new Map([['[0:v:0]', { picture: 'source', from: 'source' }]]);
  const labels = new Map<string, { picture: string; from: string }>();
  for (const chain of chains) {
    const [, input = '', filters = '', outputs = ''] = /^(\[[^\]]+\])([^[]*)((?:\[[^\]]+\])+)$/.exec(chain) ?? [];
    const incoming = pads.get(input);
    if (!incoming) throw new Error(`${chain} reads a pad no chain before it made`);
    const scales = [...filters.matchAll(/scale=(\d+:\d+)/g)].map((match) => match[1] ?? '');
    const made =
      scales.length === 0
        ? incoming
        : { picture: scales.at(-1) ?? '', from: scales.length > 1 ? (scales.at(-2) ?? '') : incoming.picture };
    for (const [, label = ''] of outputs.matchAll(/\[([^\]]+)\]/g)) {
      pads.set(`[${label}]`, made);
      labels.set(label, made);
    }
  }
  return labels;
}

describe('buildScalingChain', () => {
  test('each lower rung is scaled from the rung above, not from the source', () => {
    const chains = buildScalingChain('[0:v:0]', [], landscape, [
      rung('v0', 1280, 720),
      rung('v1', 854, 480),
      rung('v2', 640, 360),
      rung('v3', 426, 240),
    ]);
    const made = pictures(chains);
    expect(made.get('v1')).toEqual({ picture: '853:480', from: 'source' });
    expect(made.get('v2')).toEqual({ picture: '640:360', from: '853:480' });
    expect(made.get('v3')).toEqual({ picture: '426:240', from: '640:360' });
    expect(chains).toEqual([
      '[0:v:0]split=2[s0][s1]',
      '[s0]setsar=1[v0]',
      '[s1]scale=853:480,split=2[s2][s3]',
      '[s2]pad=854:480:-1:-1,setsar=1[v1]',
      '[s3]scale=640:360,split=2[s4][s5]',
      '[s4]setsar=1[v2]',
      '[s5]scale=426:240,setsar=1[v3]',
    ]);
  });

  test('the order of the outputs does not matter, and a rotation leads the whole graph', () => {
    const chains = buildScalingChain('[0:v:0]', ['transpose=clock'], { width: 720, height: 1280 }, [
      rung('v0', 240, 426),
      rung('v1', 720, 1280),
      rung('v2', 480, 854),
    ]);
    expect(chains[0]).toBe('[0:v:0]transpose=clock,split=2[s0][s1]');
    const made = pictures(chains);
    expect(made.get('v1')).toEqual({ picture: 'source', from: 'source' });
    expect(made.get('v2')).toEqual({ picture: '480:853', from: 'source' });
    expect(made.get('v0')).toEqual({ picture: '240:426', from: '480:853' });
  });

  test('pictures have the size scaling the source would give: ffmpeg arithmetic, fit inside, pad the rest', () => {
    expect(fitInside(landscape, { width: 854, height: 480 })).toEqual({ width: 853, height: 480 });
    expect(fitInside({ width: 720, height: 1280 }, { width: 480, height: 854 })).toEqual({ width: 480, height: 853 });
    expect(fitInside({ width: 4096, height: 96 }, { width: 1280, height: 32 })).toEqual({ width: 1280, height: 30 });
    expect(fitInside(landscape, { width: 640, height: 640 })).toEqual({ width: 640, height: 360 });
    const square = buildScalingChain('[0:v:0]', [], landscape, [rung('v0', 640, 640)]);
    expect(square).toEqual(['[0:v:0]scale=640:360,pad=640:640:-1:-1,setsar=1[v0]']);
  });

  test('a stretched output takes a larger picture of the source shape but feeds no other', () => {
    const chains = buildScalingChain('[0:v:0]', [], landscape, [
      rung('v0', 1280, 720),
      { label: 'v1', frame: { width: 800, height: 800 }, stretch: true },
      rung('v2', 640, 360),
    ]);
    const made = pictures(chains);
    expect(made.get('v1')).toEqual({ picture: '800:800', from: 'source' });
    // 640x360 fits in 800x800, but that picture has another shape: it is scaled from the source.
    expect(made.get('v2')).toEqual({ picture: '640:360', from: 'source' });
  });

  test('an enlarged picture is made from the source and feeds no other', () => {
    const chains = buildScalingChain('[0:v:0]', [], landscape, [rung('v0', 1920, 1080), rung('v1', 1600, 900)]);
    expect(chains).toEqual([
      '[0:v:0]split=2[s0][s1]',
      '[s0]scale=1920:1080,setsar=1[v0]',
      '[s1]scale=1600:900,setsar=1[v1]',
    ]);
  });

  test('a frame capture keeps only its frames, then takes the nearest picture: shared at the same size', () => {
    const same = buildScalingChain('[0:v:0]', [], { width: 1920, height: 1080 }, [
      rung('v0', 1920, 1080),
      rung('v1', 1280, 720),
      capture('t0', 1280, 720),
    ]);
    expect(same).toContain('[s3]fps=1/1:start_time=0,setsar=1[t0]');
    expect(pictures(same).get('t0')).toEqual({ picture: '1280:720', from: 'source' });
    const smaller = buildScalingChain('[0:v:0]', [], landscape, [
      rung('v0', 1280, 720),
      rung('v1', 640, 360),
      capture('t0', 320, 180),
    ]);
    expect(smaller).toContain('[s3]fps=1/1:start_time=0,scale=320:180,setsar=1[t0]');
    expect(pictures(smaller).get('t0')).toEqual({ picture: '320:180', from: '640:360' });
  });

  test('equal frames share one picture; one output needs no split', () => {
    expect(buildScalingChain('[0:v:0]', [], landscape, [rung('v0', 854, 480), rung('v1', 854, 480)])).toEqual([
      '[0:v:0]scale=853:480,split=2[s0][s1]',
      '[s0]pad=854:480:-1:-1,setsar=1[v0]',
      '[s1]pad=854:480:-1:-1,setsar=1[v1]',
    ]);
    expect(buildScalingChain('[0:v:0]', ['hflip,vflip'], landscape, [rung('v0', 1280, 720)])).toEqual([
      '[0:v:0]hflip,vflip,setsar=1[v0]',
    ]);
  });
});
