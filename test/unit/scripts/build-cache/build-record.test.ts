import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  digestOutputs,
  outputsIntact,
  pruneBuildRecords,
  readBuildRecord,
  removeBuildRecord,
  writeBuildRecord,
} from '../../../../scripts/build-cache/build-record';
import { digestFile } from '../../../../scripts/build-cache/file-digest';

// What the last build of a target left, and whether its outputs are still exactly that.

describe('build records', () => {
  let root: string;
  let recordDir: string;
  let outDir: string;

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-build-record-'));
    recordDir = path.join(root, 'build', '.build-cache');
    outDir = path.join(root, 'build', 'functions', 'uploads');
    write(path.join(outDir, 'index.mjs'), 'export const handler = 1;\n');
    write(path.join(outDir, 'maps', 'index.mjs.map'), '{}\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('round-trip: what is written is read back', () => {
    const record = {
      key: 'k1',
      inputs: ['functions/uploads/handler.ts'],
      outputs: digestOutputs(root, [outDir], digestFile),
    };
    writeBuildRecord(recordDir, 'lambda-uploads', record);
    expect(readBuildRecord(recordDir, 'lambda-uploads')).toEqual(record);
    expect(readdirSync(recordDir)).toEqual(['lambda-uploads.json']);
  });

  test('a missing, unreadable or malformed record is no record', () => {
    expect(readBuildRecord(recordDir, 'client')).toBeUndefined();
    write(path.join(recordDir, 'client.json'), '{"key": "k1", "inputs": ');
    expect(readBuildRecord(recordDir, 'client')).toBeUndefined();
    write(path.join(recordDir, 'client.json'), '{"key": "k1", "inputs": [1], "outputs": {}}');
    expect(readBuildRecord(recordDir, 'client')).toBeUndefined();
    write(path.join(recordDir, 'client.json'), '{"key": "k1", "inputs": []}');
    expect(readBuildRecord(recordDir, 'client')).toBeUndefined();
  });

  test('removeBuildRecord and pruneBuildRecords leave only the named targets', () => {
    const record = { key: 'k', inputs: [], outputs: {} };
    for (const target of ['client', 'lambda-uploads', 'lambda-gone']) writeBuildRecord(recordDir, target, record);
    pruneBuildRecords(recordDir, ['client', 'lambda-uploads']);
    expect(readdirSync(recordDir).sort()).toEqual(['client.json', 'lambda-uploads.json']);
    removeBuildRecord(recordDir, 'client');
    expect(readdirSync(recordDir)).toEqual(['lambda-uploads.json']);
  });

  test('digestOutputs lists every file under the folders, relative to the root', () => {
    expect(Object.keys(digestOutputs(root, [outDir], digestFile)).sort()).toEqual([
      path.join('build', 'functions', 'uploads', 'index.mjs'),
      path.join('build', 'functions', 'uploads', 'maps', 'index.mjs.map'),
    ]);
  });

  describe('outputsIntact', () => {
    const recorded = () => ({ key: 'k', inputs: [], outputs: digestOutputs(root, [outDir], digestFile) });

    test('holds for the outputs as they were written', () => {
      expect(outputsIntact(root, recorded(), [outDir], digestFile)).toBe(true);
    });

    test('fails when an output was deleted', () => {
      const record = recorded();
      rmSync(path.join(outDir, 'maps', 'index.mjs.map'));
      expect(outputsIntact(root, record, [outDir], digestFile)).toBe(false);
    });

    test('fails when the output folder is gone', () => {
      const record = recorded();
      rmSync(outDir, { recursive: true });
      expect(outputsIntact(root, record, [outDir], digestFile)).toBe(false);
    });

    test('fails when an output was edited, even keeping its size', () => {
      const record = recorded();
      write(path.join(outDir, 'index.mjs'), 'export const handler = 2;\n');
      expect(outputsIntact(root, record, [outDir], digestFile)).toBe(false);
    });

    test('fails when a file was added among the outputs', () => {
      const record = recorded();
      write(path.join(outDir, 'stray.js'), '\n');
      expect(outputsIntact(root, record, [outDir], digestFile)).toBe(false);
    });

    test('fails for a record of no outputs (a build that wrote nothing is not trusted)', () => {
      expect(outputsIntact(root, { key: 'k', inputs: [], outputs: {} }, [outDir], digestFile)).toBe(false);
    });
  });
});
