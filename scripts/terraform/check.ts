// npm run check:terraform [-- --fix] [-- DIR]: the offline stand-in for `terraform fmt -check` and
// `terraform validate` (see docs/terraform.md). Exits 1 with file:line diagnostics.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkTerraform } from './checker';
import { formatDiagnostic, formatText } from './hcl-source';
import { lambdaPermissionDiagnostics } from './lambda-permissions';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const fix = args.includes('--fix');
  const dir = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? path.join(root, 'terraform'));
  const started = Date.now();
  if (fix) {
    for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.tf'))) {
      const file = path.join(dir, name);
      const text = readFileSync(file, 'utf8');
      const formatted = await formatText(text);
      if (formatted !== text) {
        writeFileSync(file, formatted);
        console.log(`formatted ${path.relative(process.cwd(), file)}`);
      }
    }
  }
  const { diagnostics, files } = await checkTerraform({ dir });
  // The product's own module: its Lambda grants must also match the handlers' code.
  if (dir === path.join(root, 'terraform')) diagnostics.push(...(await lambdaPermissionDiagnostics(root)));
  for (const diagnostic of diagnostics) console.error(formatDiagnostic(diagnostic));
  const summary = `${files.length} Terraform files in ${path.relative(process.cwd(), dir) || '.'}: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} (${Date.now() - started} ms)`;
  if (diagnostics.length) console.error(summary);
  else console.log(summary);
  return diagnostics.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(2);
  },
);
