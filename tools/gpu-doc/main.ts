import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GPUS_MD_PATH, renderGpusMd } from './render-gpus-md';

// `npm run docs:gpus` writes docs/gpus.md from the catalogue; `npm run docs:gpus -- --check` only says
// whether it is current (exit 1 if not).
const target = path.resolve(__dirname, '..', '..', GPUS_MD_PATH);
const rendered = renderGpusMd();

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== rendered) {
      process.stderr.write(`${GPUS_MD_PATH} is out of date: run npm run docs:gpus\n`);
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(target, rendered);
  process.stdout.write(`wrote ${GPUS_MD_PATH}\n`);
}

void main();
