import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  CATALOGUE_RULES,
  isLaptopGpuName,
  LLM_ESTIMATE_SHARE,
  LLM_MODEL_SIZE_GB,
  matchCatalogue,
  MEASURED_LLM_FIGURES,
} from '../../../../../src/main/core/gpu/catalogue';

// The reference lives beside the clone (../shared/reference/gpus.md), here and in CI alike.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..', '..');
const gpusMd = readFileSync(path.resolve(repoRoot, '..', 'shared', 'reference', 'gpus.md'), 'utf8');

interface ReferenceRow {
  id: string;
  names: string[];
  cc: string;
  variants: Array<{ vramGiB: number; memoryBandwidthGBs: number }>;
  fp16: number;
  fp32: number;
  watts: number;
  market: string;
}

function referenceRows(): ReferenceRow[] {
  const lines = gpusMd.split('\n').filter((l) => /^\| [a-z0-9-]+ \|/.test(l) && !l.startsWith('| id |'));
  return lines.map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const [id, names, cc, vram, bw, fp16, fp32, watts, market] = cells as [string, string, string, string, string, string, string, string, string];
    const bandwidth = Number(bw);
    const variantOf = /^(\d+) \((\d+) GB variant: (\d+) GB\/s\)$/.exec(vram);
    const either = /^(\d+) or (\d+)$/.exec(vram);
    const variants = variantOf
      ? [{ vramGiB: Number(variantOf[1]), memoryBandwidthGBs: bandwidth }, { vramGiB: Number(variantOf[2]), memoryBandwidthGBs: Number(variantOf[3]) }]
      : either
        ? [{ vramGiB: Number(either[1]), memoryBandwidthGBs: bandwidth }, { vramGiB: Number(either[2]), memoryBandwidthGBs: bandwidth }]
        : [{ vramGiB: Number(vram), memoryBandwidthGBs: bandwidth }];
    return { id, names: names.split(', '), cc, variants, fp16: Number(fp16), fp32: Number(fp32), watts: Number(watts), market };
  });
}

const byVram = (a: { vramGiB: number }, b: { vramGiB: number }) => a.vramGiB - b.vramGiB;

describe('GPU catalogue against shared/reference/gpus.md', () => {
  const rows = referenceRows();

  it('reads the reference table (sanity: it has the rows we expect to compare)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(39);
    expect(rows.every((r) => r.variants.every((v) => Number.isFinite(v.vramGiB) && Number.isFinite(v.memoryBandwidthGBs)))).toBe(true);
  });

  it('has every row, in the same order, with the same figures', () => {
    expect(CATALOGUE.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    for (const row of rows) {
      const entry = CATALOGUE.find((e) => e.id === row.id);
      expect(entry, row.id).toBeDefined();
      expect({
        id: entry!.id,
        names: [...entry!.names],
        cc: entry!.computeCapability,
        variants: [...entry!.variants].sort(byVram),
        fp16: entry!.fp16TensorTflops,
        fp32: entry!.fp32Tflops,
        watts: entry!.boardPowerW,
        market: entry!.market,
      }).toEqual({ ...row, variants: [...row.variants].sort(byVram) });
      expect(entry!.laptop).toBe(row.market === 'nvidia-laptop');
    }
  });

  it('encodes the driver, VRAM and disk rules as written', () => {
    const driver = /below (\d+\.\d+) \(Linux\) \/ (\d+\.\d+) \(Windows\)/.exec(gpusMd);
    expect(driver?.slice(1)).toEqual([CATALOGUE_RULES.minDriver.linux, CATALOGUE_RULES.minDriver.win32]);
    expect(/Below (\d+): warn/.exec(gpusMd)?.[1]).toBe(CATALOGUE_RULES.recommendedDriver);
    expect(Number(/Minimum VRAM for any market: (\d+) GiB/.exec(gpusMd)?.[1])).toBe(CATALOGUE_RULES.minVramGiB);
    expect(Number(/Minimum free disk for the data folder: (\d+) GB/.exec(gpusMd)?.[1])).toBe(CATALOGUE_RULES.minFreeDiskGB);
  });

  it('carries every measured LLM figure and the estimate rule', () => {
    const section = gpusMd.slice(gpusMd.indexOf('## Measured LLM throughput'));
    const measured = [...section.matchAll(/((?:RTX )?[A-Z0-9]+(?: [A-Za-z0-9]+)*?) (\d+\.\d) \/ (\d+)/g)].map((m) => {
      const label = m[1]!.replace(/^Llama-2-7B Q4_0: /, '');
      const sized = /^(.*) (\d+) GB$/.exec(label);
      const slug = (sized ? sized[1]! : label).toLowerCase().replace(/ /g, '-');
      const id = CATALOGUE.some((e) => e.id === slug) ? slug : `${slug}-${sized?.[2]}gb`;
      const vram = sized && id === slug ? Number(sized[2]) : undefined;
      return { id, vram, tg: Number(m[2]), pp: Number(m[3]) };
    });
    expect(measured).toHaveLength(9);
    for (const m of measured) {
      const encoded = MEASURED_LLM_FIGURES.find((f) => f.id === m.id && f.vramGiB === m.vram);
      expect(encoded, `${m.id} ${m.vram ?? ''}`).toMatchObject({ tg: m.tg, pp: m.pp });
    }
    expect(section).toContain(`${LLM_MODEL_SIZE_GB} GB`);
    expect(section).toContain(`${LLM_ESTIMATE_SHARE} x ceiling`);
  });
});

describe('matchCatalogue', () => {
  it('matches the names older drivers report (no NVIDIA prefix), case and spacing aside', () => {
    const m = matchCatalogue('  GeForce   RTX 3080 ', 10240);
    expect(m.supported && m.entry.id).toBe('rtx-3080');
    expect(matchCatalogue('nvidia geforce rtx 4070 super', 12282).supported).toBe(true);
  });

  it('tells VRAM variants apart and takes bandwidth from the variant', () => {
    const small = matchCatalogue('NVIDIA GeForce RTX 3060', 8192);
    const large = matchCatalogue('NVIDIA GeForce RTX 3060', 12288);
    expect(small.supported && small.expected.memoryBandwidthGBs).toBe(240);
    expect(large.supported && large.expected.memoryBandwidthGBs).toBe(360);
    const ti16 = matchCatalogue('NVIDIA GeForce RTX 4060 Ti', 16380);
    expect(ti16.supported && ti16.expected.vramGiB).toBe(16);
    const r3080 = matchCatalogue('NVIDIA GeForce RTX 3080', 12288);
    expect(r3080.supported && r3080.expected.memoryBandwidthGBs).toBe(912);
  });

  it('uses a measured LLM figure where gpus.md has one and a labelled estimate elsewhere', () => {
    const measured = matchCatalogue('NVIDIA GeForce RTX 3080', 10240);
    expect(measured.supported && measured.expected.llm).toMatchObject({ source: 'measured', generationTokensPerSecond: 109.6 });
    const twelve = matchCatalogue('NVIDIA GeForce RTX 3080', 12288);
    expect(twelve.supported && twelve.expected.llm.source).toBe('estimate');
    const laptop = matchCatalogue('NVIDIA GeForce RTX 3060 Laptop GPU', 6144);
    // 0.65 x 336 GB/s / 4.58 GB = 47.7 tokens/s
    expect(laptop.supported && laptop.expected.llm).toMatchObject({ source: 'estimate', generationTokensPerSecond: 47.7 });
  });

  it('never guesses an unknown name into a row', () => {
    for (const name of ['NVIDIA GeForce GTX 1080 Ti', 'NVIDIA GeForce RTX 2080 Ti', 'Quadro RTX 6000', 'NVIDIA RTX 6000 Ada Generation', 'NVIDIA GeForce RTX 3060 Ti Laptop GPU']) {
      const m = matchCatalogue(name, 12288);
      expect(m.supported, name).toBe(false);
      expect(!m.supported && m.reason).toContain(name);
    }
  });

  it('knows a laptop part by its name even outside the catalogue', () => {
    expect(isLaptopGpuName('NVIDIA GeForce RTX 2070 with Max-Q Design')).toBe(true);
    expect(isLaptopGpuName('NVIDIA GeForce RTX 3060')).toBe(false);
  });
});
