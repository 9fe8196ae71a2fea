import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildFfprobeLayer, LAYER_DIR } from '../../../scripts/terraform/build-layer';
import { parseHcl } from '../../../scripts/terraform/hcl-source';
import { repoRoot } from '../../../scripts/terraform/sdk-calls';

// The layer terraform/lambda.tf zips holds a working ffprobe exactly where FFPROBE_PATH points once
// Lambda unpacks the layer under /opt.

describe('the ffprobe layer', () => {
  test('is the npm package\'s binary at bin/ffprobe, executable, and what FFPROBE_PATH names under /opt', async () => {
    // Prepare / Act
    const binary = buildFfprobeLayer();
    const lambda = await parseHcl('lambda.tf', readFileSync(path.join(repoRoot, 'terraform', 'lambda.tf'), 'utf8'));
    const layer = (lambda.data as any).archive_file.ffprobe_layer[0];
    const environment = Object.assign({}, ...(lambda.locals as object[])).lambda_environment;
    // Assess
    expect(path.resolve(repoRoot, 'terraform', layer.source_dir.replace('${path.module}', '.'))).toBe(LAYER_DIR);
    expect(layer.output_file_mode).toBe('0755');
    expect(`/opt/${path.relative(LAYER_DIR, binary)}`).toBe(environment['process-upload'].FFPROBE_PATH);
    expect(statSync(binary).mode & 0o111).toBe(0o111);
    const { stdout } = await promisify(execFile)(binary, ['-version']);
    expect(stdout).toMatch(/^ffprobe version/);
  });
});
