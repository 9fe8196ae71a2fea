import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { LAYER_CA_BUNDLE, LAYER_DIR, LAYER_FFPROBE, buildFfprobeLayer } from '../../../scripts/layer/build-ffprobe';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import { repoRoot } from '../../../scripts/terraform/sdk-calls';
import { functionLayerFile, layerFile } from '../../../local/lambda';
import { loadLambdaSettings } from '../../../local/lambda/settings';
import { present } from '../../support/present';

// The layer terraform/lambda.tf zips holds a working ffprobe and its CA bundle exactly where
// FFPROBE_PATH and FFPROBE_CA_FILE (terraform/lambdas.json) point once Lambda unpacks the layer
// under /opt, and the local cloud reads the same files for the same /opt paths.

describe('the ffprobe layer', () => {
  test("has bin/ffprobe and the CA bundle where the table's env names them under /opt, and local maps /opt to it", async () => {
    // Prepare / Act
    const binary = await buildFfprobeLayer();
    const lambda = await parseHcl('lambda.tf', readFileSync(path.join(repoRoot, 'terraform', 'lambda.tf'), 'utf8'));
    const layer = (lambda.data as any).archive_file.ffprobe_layer[0];
    const processUpload = loadLambdaSettings().find((settings) => settings.name === 'process-upload')!;
    const environment = processUpload.layerFiles;
    // Assess
    expect(path.resolve(repoRoot, 'terraform', layer.source_dir.replace('${path.module}', '.'))).toBe(LAYER_DIR);
    expect(layer.output_file_mode).toBe('0755');
    expect(environment).toMatchObject({
      FFPROBE_PATH: `/opt/${LAYER_FFPROBE}`,
      FFPROBE_CA_FILE: `/opt/${LAYER_CA_BUNDLE}`,
    });
    expect(functionLayerFile(processUpload.layers, present(environment.FFPROBE_PATH, 'FFPROBE_PATH'))).toBe(binary);
    expect(functionLayerFile(processUpload.layers, present(environment.FFPROBE_CA_FILE, 'FFPROBE_CA_FILE'))).toBe(
      path.join(LAYER_DIR, LAYER_CA_BUNDLE),
    );
    expect(statSync(binary).mode & 0o111).toBe(0o111);
    const { stdout } = await promisify(execFile)(binary, ['-version']);
    expect(stdout).toMatch(/^ffprobe version 5\.1\.\d+/);
    expect(readFileSync(path.join(LAYER_DIR, LAYER_CA_BUNDLE), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(path.join(LAYER_DIR, 'share/licenses/ffprobe/SOURCES.txt'), 'utf8')).toMatch(
      /^ffprobe, LGPL-3.0-or-later/,
    );
  });

  test('local refuses a layer path outside /opt, and names the build for a missing file', () => {
    expect(() => layerFile('ffprobe', '/usr/bin/ffprobe')).toThrow(
      '/usr/bin/ffprobe is not under /opt, where Lambda puts layers.',
    );
    expect(() => layerFile('ffprobe', '/opt/bin/nothing')).toThrow(
      /build\/layers\/ffprobe\/bin\/nothing is missing: run npm run build/,
    );
    expect(() => functionLayerFile([], '/opt/bin/ffprobe')).toThrow(
      '/opt/bin/ffprobe names a layer file, but the function has no layers.',
    );
  });
});
