import { teeFileName } from '../../../../local/mediaconvert/tee-output';

// ffmpeg's av_get_token (libavutil/avstring.c): a backslash takes the next character as is, a
// single-quoted run is taken whole, unquoted whitespace at either end is dropped, and reading stops
// at any of `terms`.
function getToken(text: string, start: number, terms: string): { token: string; next: number } {
  let at = start;
  while (' \n\t\r'.includes(text[at] ?? '') && at < text.length) at += 1;
  let token = '';
  let kept = 0;
  while (at < text.length && !terms.includes(text[at]!)) {
    const character = text[at++]!;
    if (character === '\\' && at < text.length) {
      token += text[at++];
      kept = token.length;
    } else if (character === "'") {
      while (at < text.length && text[at] !== "'") token += text[at++];
      if (at < text.length) {
        at += 1;
        kept = token.length;
      }
    } else token += character;
  }
  while (token.length > kept && ' \n\t\r'.includes(token.at(-1)!)) token = token.slice(0, -1);
  return { token, next: at };
}

/** The tee muxer's reading (libavformat/tee.c): muxers split on "|", then "[key=value:...]file". */
function readTee(name: string): Array<{ options: Record<string, string>; file: string }> {
  const muxers = [];
  for (let at = 0; at < name.length;) {
    const { token: spec, next } = getToken(name, at, '|');
    at = next + 1;
    const options: Record<string, string> = {};
    let p = 1;
    for (;;) {
      const key = getToken(spec, p, '=');
      const value = getToken(spec, key.next + 1, ':]');
      if (value.next >= spec.length) throw new Error(`options not closed in ${spec}`);
      options[key.token] = value.token;
      p = value.next + 1;
      if (spec[value.next] === ']') break;
    }
    muxers.push({ options, file: spec.slice(p) });
  }
  return muxers;
}

describe('teeFileName', () => {
  test('each muxer selects its streams, with its format and options, and the tee reads them back', () => {
    const name = teeFileName([
      { streams: ['v:0', 'a:0'], format: 'hls', options: [['hls_time', '6']], file: '/w/index_720p.m3u8' },
      { streams: ['v:1', 'a:0'], format: 'hls', options: [['hls_time', '6']], file: '/w/index_480p.m3u8' },
    ]);
    expect(readTee(name)).toEqual([
      { options: { select: 'v:0,a:0', f: 'hls', hls_time: '6' }, file: '/w/index_720p.m3u8' },
      { options: { select: 'v:1,a:0', f: 'hls', hls_time: '6' }, file: '/w/index_480p.m3u8' },
    ]);
  });

  test("a work dir with the tee's own characters in it comes back whole", () => {
    const dir = "/tmp/we ird'|:[x]\\dir ";
    const name = teeFileName([
      {
        streams: ['v:0'],
        format: 'hls',
        options: [['hls_segment_filename', `${dir}/a_%05d.ts`]],
        file: `${dir}/a.m3u8`,
      },
      { streams: ['v:1'], format: 'hls', options: [], file: `${dir}/b.m3u8` },
    ]);
    expect(readTee(name)).toEqual([
      { options: { select: 'v:0', f: 'hls', hls_segment_filename: `${dir}/a_%05d.ts` }, file: `${dir}/a.m3u8` },
      { options: { select: 'v:1', f: 'hls' }, file: `${dir}/b.m3u8` },
    ]);
  });
});
