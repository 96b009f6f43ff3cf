import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  CATALOGUE_RULES,
  isLaptopGpuName,
  LLM_ESTIMATE_SHARE,
  LLM_MODEL_SIZE_GB,
  matchCatalogue,
  MEASURED_LLM_FIGURES,
  normaliseGpuName,
} from '../../../../../src/main/core/gpu/catalogue';

// The catalogue is the source of the GPU table (docs/gpus.md is rendered from it and checked by
// tests/unit/tools/gpu-doc/render-gpus-md.test.ts). These checks hold its figures to facts that must agree.

/** Compute capability by architecture: Ampere consumer and pro 8.6, Ada 8.9, Blackwell 12.0. */
const CC_BY_SERIES: ReadonlyArray<[RegExp, string]> = [
  [/^rtx-30/, '8.6'],
  [/^rtx-a\d/, '8.6'],
  [/^a40$/, '8.6'],
  [/^rtx-40/, '8.9'],
  [/^rtx-50/, '12.0'],
  [/^a100-/, '8.0'],
  [/^h100$/, '9.0'],
];

describe('GPU catalogue figures', () => {
  it('has unique kebab-case ids and unique reported names, each as recent drivers report it', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const names = CATALOGUE.flatMap((e) => e.names.map(normaliseGpuName));
    expect(new Set(names).size).toBe(names.length);
    for (const name of CATALOGUE.flatMap((e) => e.names)) expect(name).toMatch(/^NVIDIA /);
  });

  it('puts every laptop part, and only those, in the nvidia-laptop market', () => {
    for (const entry of CATALOGUE) {
      const named = entry.names.every((n) => isLaptopGpuName(n));
      expect(entry.laptop, entry.id).toBe(named);
      expect(entry.market === 'nvidia-laptop', entry.id).toBe(named);
      expect(entry.id.endsWith('-laptop'), entry.id).toBe(named);
    }
  });

  it('puts every desktop card in the market of its own class', () => {
    for (const entry of CATALOGUE.filter((e) => !e.laptop)) {
      expect(entry.market, entry.id).toMatch(/^nvidia-[a-z0-9]+$/);
      const marketClass = entry.market.replace(/^nvidia-/, '').replace(/0+$/, '');
      expect(entry.id.replace(/^rtx-/, '').startsWith(marketClass), `${entry.id} in ${entry.market}`).toBe(true);
    }
  });

  it('gives each card the compute capability of its architecture', () => {
    for (const entry of CATALOGUE) {
      const series = CC_BY_SERIES.find(([pattern]) => pattern.test(entry.id));
      expect(series, entry.id).toBeDefined();
      expect(entry.computeCapability, entry.id).toBe(series![1]);
    }
  });

  it('has VRAM variants that are told apart, at or above the minimum for any market, with a bandwidth', () => {
    for (const entry of CATALOGUE) {
      expect(entry.variants.length, entry.id).toBeGreaterThan(0);
      const sizes = entry.variants.map((v) => v.vramGiB);
      expect(new Set(sizes).size, entry.id).toBe(sizes.length);
      for (const v of entry.variants) {
        expect(v.vramGiB, entry.id).toBeGreaterThanOrEqual(CATALOGUE_RULES.minVramGiB);
        expect(v.memoryBandwidthGBs, entry.id).toBeGreaterThan(0);
      }
    }
  });

  it('has dense FP16 tensor throughput above FP32, and a Ti or SUPER at least as fast as its base card', () => {
    for (const entry of CATALOGUE) {
      expect(entry.fp32Tflops, entry.id).toBeGreaterThan(0);
      expect(entry.fp16TensorTflops, entry.id).toBeGreaterThan(entry.fp32Tflops);
      expect(entry.boardPowerW, entry.id).toBeGreaterThan(0);
      const faster = /^(.*)-(ti|super)(-laptop)?$/.exec(entry.id);
      if (!faster) continue;
      const base = CATALOGUE.find((e) => e.id === `${faster[1]}${faster[3] ?? ''}`);
      expect(base, entry.id).toBeDefined();
      expect(entry.fp16TensorTflops, entry.id).toBeGreaterThanOrEqual(base!.fp16TensorTflops);
      expect(entry.fp32Tflops, entry.id).toBeGreaterThanOrEqual(base!.fp32Tflops);
    }
  });

  it('has driver and resource rules in order', () => {
    const major = (version: string) => Number(version.split('.')[0]);
    expect(major(CATALOGUE_RULES.recommendedDriver)).toBeGreaterThan(major(CATALOGUE_RULES.minDriver.linux));
    expect(major(CATALOGUE_RULES.recommendedDriver)).toBeGreaterThan(major(CATALOGUE_RULES.minDriver.win32));
    expect(CATALOGUE_RULES.minFreeDiskGB).toBeGreaterThan(0);
  });

  it('has measured LLM figures only for catalogue cards and variants, within the bandwidth ceiling', () => {
    expect(LLM_ESTIMATE_SHARE).toBeGreaterThanOrEqual(0.55);
    expect(LLM_ESTIMATE_SHARE).toBeLessThanOrEqual(0.76);
    for (const figure of MEASURED_LLM_FIGURES) {
      const entry = CATALOGUE.find((e) => e.id === figure.id);
      expect(entry, figure.id).toBeDefined();
      const variant = figure.vramGiB === undefined ? entry!.variants[0] : entry!.variants.find((v) => v.vramGiB === figure.vramGiB);
      expect(variant, `${figure.id} ${figure.vramGiB ?? ''}`).toBeDefined();
      expect(figure.pp, figure.id).toBeGreaterThan(figure.tg);
      // Generation is bound by bandwidth: the 8B Q4_K_M figures reach 55-76 % of bandwidth / model size.
      if (figure.basis.includes('Llama-3-8B Q4_K_M')) {
        const share = figure.tg / (variant!.memoryBandwidthGBs / LLM_MODEL_SIZE_GB);
        expect(share, figure.id).toBeGreaterThanOrEqual(0.55);
        expect(share, figure.id).toBeLessThanOrEqual(0.76);
      }
    }
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
