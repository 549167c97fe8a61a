// `node bundle.mjs OUTDIR`, run by the receiver's build: bundles uppy-entry.js (Uppy's core and S3
// uploader) into OUTDIR/uppy.js with esbuild, and writes OUTDIR/uppy.LICENSES.txt with the licence
// of every package the bundle holds (all MIT or ISC), which must travel with it.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const outdir = process.argv[2] && resolve(process.argv[2]);
if (!outdir) {
  console.error('usage: node bundle.mjs OUTDIR');
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));
const result = await build({
  absWorkingDir: here,
  entryPoints: ['uppy-entry.js'],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  metafile: true,
  outfile: resolve(outdir, 'uppy.js'),
  logLevel: 'warning',
});

const packages = new Set(Object.keys(result.metafile.inputs)
  .map((input) => input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1])
  .filter(Boolean));
const notices = [...packages].sort().map((name) => {
  const dir = join(here, 'node_modules', name);
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `${license}`;
  return `${name} ${version} (${license})\n\n${text}\n`;
});
writeFileSync(join(outdir, 'uppy.LICENSES.txt'),
  `vendor/uppy.js bundles these packages from the npm registry:\n\n${notices.join('\n---\n\n')}`);
