import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench [-- NAME...]`: runs every benchmark under bench/ (or those whose file name contains a NAME),
 * one after another so they do not disturb each other. Each reports ratios against a baseline measured in
 * the same run, and a verdict against its target.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}`);
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n### ${file}\n`);
    const mod = (await import(join(__dirname, file))) as { run?: () => Promise<boolean | void> };
    if (typeof mod.run !== 'function') throw new Error(`${file} exports no run()`);
    const met = await mod.run();
    if (met === false) failed++;
  }
  process.stdout.write(`\n${files.length - failed} of ${files.length} benchmarks met their targets\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
