import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, MEASURED_LLM_FIGURES } from '../../../../src/main/core/gpu/catalogue';
import { GPUS_MD_PATH, renderGpusMd } from '../../../../tools/gpu-doc/render-gpus-md';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('docs/gpus.md', () => {
  it('is exactly what the catalogue renders (run npm run docs:gpus after changing the catalogue)', async () => {
    const committed = await readFile(path.join(repoRoot, GPUS_MD_PATH), 'utf8');
    expect(committed).toBe(renderGpusMd());
  });

  it('has one table row per catalogue card and per measured LLM figure', () => {
    const rows = renderGpusMd().split('\n').filter((line) => /^\| [a-z0-9-]+ \|/.test(line) && !line.startsWith('| id |'));
    const ids = rows.map((line) => line.split('|')[1]!.trim());
    expect(ids).toEqual([...CATALOGUE.map((e) => e.id), ...MEASURED_LLM_FIGURES.map((f) => f.id)]);
  });

  it('writes a VRAM variant with its own bandwidth, and variants that share one as alternatives', () => {
    const doc = renderGpusMd();
    expect(doc).toContain('| rtx-3060 | NVIDIA GeForce RTX 3060 | 8.6 | 12 (8 GB variant: 240 GB/s) | 360 | 51 | 12.7 | 170 | nvidia-3060 |');
    expect(doc).toContain('| rtx-4060-ti | NVIDIA GeForce RTX 4060 Ti | 8.9 | 8 or 16 | 288 | 88 | 22.1 | 165 | nvidia-4060 |');
    expect(doc).toContain('| rtx-3080-laptop | NVIDIA GeForce RTX 3080 Laptop GPU | 8.6 | 8 or 16 | 448 | 84 | 21.0 | 150 | nvidia-laptop |');
  });
});
