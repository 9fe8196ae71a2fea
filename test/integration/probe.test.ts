// ffprobe (Debian's, installed by .ci/run) on files generated here with ffmpeg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeLadder } from '../../functions/lib/ladder';
import { ProbeError } from '../../common/ffprobe';
import { probe } from '../../functions/lib/probe';

describe('probe', () => {
  let dir: string;
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-probe-'));
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x370:rate=25',
      '-t',
      '1',
      '-c:v',
      'libx264',
      path.join(dir, 'silent.mp4'),
    );
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-c:a',
      'aac',
      path.join(dir, 'plain.mp4'),
    );
    ffmpeg(
      '-i',
      path.join(dir, 'plain.mp4'),
      '-c',
      'copy',
      '-metadata:s:v:0',
      'rotate=90',
      path.join(dir, 'rotated.mp4'),
    );
    ffmpeg('-f', 'lavfi', '-i', 'sine', '-t', '1', '-c:a', 'aac', path.join(dir, 'audio.m4a'));
    writeFileSync(path.join(dir, 'text.mp4'), 'this is not a video\n'.repeat(100));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('sizes, audio, duration and rotation; a rotated source is laddered portrait', async () => {
    expect(await probe(path.join(dir, 'silent.mp4'))).toMatchObject({
      width: 640,
      height: 370,
      hasAudio: false,
      videoCodec: 'h264',
    });
    const plain = await probe(path.join(dir, 'plain.mp4'));
    expect(plain).toMatchObject({ width: 320, height: 240, hasAudio: true });
    expect(plain.durationSeconds).toBeCloseTo(1, 1);
    const rotated = await probe(path.join(dir, 'rotated.mp4'));
    expect(Math.abs(rotated.rotation ?? 0)).toBe(90);
    expect(computeLadder(rotated)[0]).toMatchObject({ width: 240, height: 320 });
  });

  test('files that are not videos fail with reasons a person understands', async () => {
    await expect(probe(path.join(dir, 'audio.m4a'))).rejects.toThrow(
      'The file has sound but no picture: upload a video, not an audio file.',
    );
    await expect(probe(path.join(dir, 'text.mp4'))).rejects.toThrow(ProbeError);
    await expect(probe(path.join(dir, 'text.mp4'))).rejects.toThrow(
      'The file is not a video that can be read, or it is damaged.',
    );
  });

  test('an ffprobe that crashes is an error to retry, not a verdict on the upload', async () => {
    const crashing = path.join(dir, 'crashing-ffprobe');
    writeFileSync(crashing, '#!/bin/sh\nkill -SEGV $$\n', { mode: 0o755 });
    const failure = probe(path.join(dir, 'plain.mp4'), { ffprobePath: crashing });
    await expect(failure).rejects.toThrow('ffprobe crashed (SIGSEGV) reading the file.');
    await expect(failure).rejects.not.toBeInstanceOf(ProbeError);
  });

  test('a missing ffprobe is a clear configuration error, not a failed video', async () => {
    await expect(probe(path.join(dir, 'plain.mp4'), { ffprobePath: '/nonexistent/ffprobe' })).rejects.toThrow(
      'ffprobe was not found at /nonexistent/ffprobe: set FFPROBE_PATH',
    );
  });
});
