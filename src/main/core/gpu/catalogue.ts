import type { GpuExpectation, LlmExpectation } from '../../../shared/contract/gpu';

/*
 * The supported GPU catalogue (NVIDIA's published specifications): the source of the GPU table.
 * docs/gpus.md is rendered from it by `npm run docs:gpus` (tools/gpu-doc/), and a unit test fails when the
 * committed page differs from what this file renders, so the two cannot drift apart.
 */

/** One memory variant of a model; models sold with two VRAM sizes have two (told apart by reported VRAM). */
export interface CatalogueVariant {
  vramGiB: number;
  memoryBandwidthGBs: number;
}

/** One row of the GPU table (docs/gpus.md). */
export interface CatalogueEntry {
  id: string;
  /** Names nvidia-smi reports (recent drivers; older ones omit the "NVIDIA " prefix). */
  names: readonly string[];
  computeCapability: string;
  variants: readonly CatalogueVariant[];
  fp16TensorTflops: number;
  fp32Tflops: number;
  boardPowerW: number;
  market: string;
  laptop: boolean;
}

/** The model the LLM expectations are measured on (gpus.md, "Measured LLM throughput"). */
export const LLM_MODEL_SIZE_GB = 4.58;
/** Share of the bandwidth ceiling used where nothing is measured (gpus.md: "a fair, labelled estimate"). */
export const LLM_ESTIMATE_SHARE = 0.65;

/** The driver and resource rules of gpus.md. */
export const CATALOGUE_RULES = {
  /** Below this a driver cannot run CUDA 12 containers: fail. */
  minDriver: { linux: '525.60', win32: '527.41' },
  /** Below this: warn. */
  recommendedDriver: '550',
  minVramGiB: 6,
  minFreeDiskGB: 25,
} as const;

const LAPTOP = 'nvidia-laptop';

type Row = [
  id: string,
  names: string | readonly string[],
  cc: string,
  variants: readonly CatalogueVariant[] | number,
  bandwidth: number,
  fp16: number,
  fp32: number,
  watts: number,
  market: string,
];

// Same column order as gpus.md. A number in the variants column is a single-VRAM model using `bandwidth`.
const ROWS: readonly Row[] = [
  ['rtx-3060-laptop', 'NVIDIA GeForce RTX 3060 Laptop GPU', '8.6', 6, 336, 52, 13.1, 115, LAPTOP],
  ['rtx-3070-laptop', 'NVIDIA GeForce RTX 3070 Laptop GPU', '8.6', 8, 448, 66, 16.6, 125, LAPTOP],
  ['rtx-3070-ti-laptop', 'NVIDIA GeForce RTX 3070 Ti Laptop GPU', '8.6', 8, 448, 70, 17.4, 125, LAPTOP],
  ['rtx-3080-laptop', 'NVIDIA GeForce RTX 3080 Laptop GPU', '8.6', [{ vramGiB: 8, memoryBandwidthGBs: 448 }, { vramGiB: 16, memoryBandwidthGBs: 448 }], 448, 84, 21.0, 150, LAPTOP],
  ['rtx-3080-ti-laptop', 'NVIDIA GeForce RTX 3080 Ti Laptop GPU', '8.6', 16, 512, 94, 23.6, 150, LAPTOP],
  ['rtx-4060-laptop', 'NVIDIA GeForce RTX 4060 Laptop GPU', '8.9', 8, 256, 46, 11.6, 115, LAPTOP],
  ['rtx-4070-laptop', 'NVIDIA GeForce RTX 4070 Laptop GPU', '8.9', 8, 256, 59, 14.8, 115, LAPTOP],
  ['rtx-4080-laptop', 'NVIDIA GeForce RTX 4080 Laptop GPU', '8.9', 12, 432, 99, 24.7, 150, LAPTOP],
  ['rtx-4090-laptop', 'NVIDIA GeForce RTX 4090 Laptop GPU', '8.9', 16, 576, 159, 39.7, 175, LAPTOP],
  ['rtx-3060', 'NVIDIA GeForce RTX 3060', '8.6', [{ vramGiB: 12, memoryBandwidthGBs: 360 }, { vramGiB: 8, memoryBandwidthGBs: 240 }], 360, 51, 12.7, 170, 'nvidia-3060'],
  ['rtx-3060-ti', 'NVIDIA GeForce RTX 3060 Ti', '8.6', 8, 448, 65, 16.2, 200, 'nvidia-3060'],
  ['rtx-3070', 'NVIDIA GeForce RTX 3070', '8.6', 8, 448, 81, 20.3, 220, 'nvidia-3070'],
  ['rtx-3070-ti', 'NVIDIA GeForce RTX 3070 Ti', '8.6', 8, 608, 87, 21.7, 290, 'nvidia-3070'],
  ['rtx-3080', 'NVIDIA GeForce RTX 3080', '8.6', [{ vramGiB: 10, memoryBandwidthGBs: 760 }, { vramGiB: 12, memoryBandwidthGBs: 912 }], 760, 119, 29.8, 320, 'nvidia-3080'],
  ['rtx-3080-ti', 'NVIDIA GeForce RTX 3080 Ti', '8.6', 12, 912, 136, 34.1, 350, 'nvidia-3080'],
  ['rtx-3090', 'NVIDIA GeForce RTX 3090', '8.6', 24, 936, 142, 35.6, 350, 'nvidia-3090'],
  ['rtx-3090-ti', 'NVIDIA GeForce RTX 3090 Ti', '8.6', 24, 1008, 160, 40.0, 450, 'nvidia-3090'],
  ['rtx-4060', 'NVIDIA GeForce RTX 4060', '8.9', 8, 272, 60, 15.1, 115, 'nvidia-4060'],
  ['rtx-4060-ti', 'NVIDIA GeForce RTX 4060 Ti', '8.9', [{ vramGiB: 8, memoryBandwidthGBs: 288 }, { vramGiB: 16, memoryBandwidthGBs: 288 }], 288, 88, 22.1, 165, 'nvidia-4060'],
  ['rtx-4070', 'NVIDIA GeForce RTX 4070', '8.9', 12, 504, 117, 29.1, 200, 'nvidia-4070'],
  ['rtx-4070-super', 'NVIDIA GeForce RTX 4070 SUPER', '8.9', 12, 504, 142, 35.5, 220, 'nvidia-4070'],
  ['rtx-4070-ti', 'NVIDIA GeForce RTX 4070 Ti', '8.9', 12, 504, 160, 40.1, 285, 'nvidia-4070'],
  ['rtx-4070-ti-super', 'NVIDIA GeForce RTX 4070 Ti SUPER', '8.9', 16, 672, 176, 44.1, 285, 'nvidia-4070'],
  ['rtx-4080', 'NVIDIA GeForce RTX 4080', '8.9', 16, 717, 195, 48.7, 320, 'nvidia-4080'],
  ['rtx-4080-super', 'NVIDIA GeForce RTX 4080 SUPER', '8.9', 16, 736, 209, 52.2, 320, 'nvidia-4080'],
  ['rtx-4090', 'NVIDIA GeForce RTX 4090', '8.9', 24, 1008, 330, 82.6, 450, 'nvidia-4090'],
  ['rtx-5070', 'NVIDIA GeForce RTX 5070', '12.0', 12, 672, 124, 30.9, 250, 'nvidia-5070'],
  ['rtx-5070-ti', 'NVIDIA GeForce RTX 5070 Ti', '12.0', 16, 896, 176, 43.9, 300, 'nvidia-5070'],
  ['rtx-5080', 'NVIDIA GeForce RTX 5080', '12.0', 16, 960, 225, 56.3, 360, 'nvidia-5080'],
  ['rtx-5090', 'NVIDIA GeForce RTX 5090', '12.0', 32, 1792, 419, 104.8, 575, 'nvidia-5090'],
  ['rtx-a4000', 'NVIDIA RTX A4000', '8.6', 16, 448, 77, 19.2, 140, 'nvidia-a4000'],
  ['rtx-a4500', 'NVIDIA RTX A4500', '8.6', 20, 640, 95, 23.7, 200, 'nvidia-a4000'],
  ['rtx-a5000', 'NVIDIA RTX A5000', '8.6', 24, 768, 111, 27.8, 230, 'nvidia-a5000'],
  ['rtx-a5500', 'NVIDIA RTX A5500', '8.6', 24, 768, 137, 34.1, 230, 'nvidia-a5000'],
  ['rtx-a6000', 'NVIDIA RTX A6000', '8.6', 48, 768, 155, 38.7, 300, 'nvidia-a6000'],
  ['a40', 'NVIDIA A40', '8.6', 48, 696, 150, 37.4, 300, 'nvidia-a40'],
  ['a100-40gb', ['NVIDIA A100-PCIE-40GB', 'NVIDIA A100-SXM4-40GB'], '8.0', 40, 1555, 312, 19.5, 250, 'nvidia-a100'],
  ['a100-80gb', ['NVIDIA A100 80GB PCIe', 'NVIDIA A100-SXM4-80GB'], '8.0', 80, 1935, 312, 19.5, 300, 'nvidia-a100'],
  ['h100', ['NVIDIA H100 PCIe', 'NVIDIA H100 80GB HBM3'], '9.0', 80, 2000, 756, 51.2, 350, 'nvidia-h100'],
];

/** Every supported model, in gpus.md's order. */
export const CATALOGUE: readonly CatalogueEntry[] = ROWS.map(
  ([id, names, cc, variants, bandwidth, fp16, fp32, watts, market]): CatalogueEntry => ({
    id,
    names: typeof names === 'string' ? [names] : names,
    computeCapability: cc,
    variants: typeof variants === 'number' ? [{ vramGiB: variants, memoryBandwidthGBs: bandwidth }] : variants,
    fp16TensorTflops: fp16,
    fp32Tflops: fp32,
    boardPowerW: watts,
    market,
    laptop: market === LAPTOP,
  }),
);

const LLAMA3 = 'llama.cpp, Llama-3-8B Q4_K_M, measured';

/** Measured llama.cpp rates (gpus.md): generation / prompt tokens per second, per model and VRAM variant. */
const MEASURED_LLM: ReadonlyArray<{ id: string; vramGiB?: number; tg: number; pp: number; basis: string }> = [
  { id: 'rtx-3070', tg: 72.8, pp: 2403, basis: LLAMA3 },
  { id: 'rtx-3080', vramGiB: 10, tg: 109.6, pp: 3729, basis: LLAMA3 },
  { id: 'rtx-3080-ti', tg: 110.6, pp: 3690, basis: LLAMA3 },
  { id: 'rtx-4070-ti', tg: 83.5, pp: 3936, basis: LLAMA3 },
  { id: 'rtx-4080', tg: 108.2, pp: 5390, basis: LLAMA3 },
  { id: 'rtx-3090', tg: 115.4, pp: 4030, basis: LLAMA3 },
  { id: 'rtx-4090', tg: 130.6, pp: 7139, basis: LLAMA3 },
  { id: 'rtx-a6000', tg: 111.4, pp: 2992, basis: 'llama.cpp, Llama-2-7B Q4_0, measured' },
  { id: 'a100-80gb', tg: 136.2, pp: 3444, basis: 'llama.cpp, Llama-2-7B Q4_0, measured' },
];

/** The measured LLM figures as encoded (for the catalogue test). */
export const MEASURED_LLM_FIGURES = MEASURED_LLM;

function llmExpectation(entry: CatalogueEntry, variant: CatalogueVariant): LlmExpectation {
  const measured = MEASURED_LLM.find((m) => m.id === entry.id && (m.vramGiB === undefined || m.vramGiB === variant.vramGiB));
  if (measured) {
    return { generationTokensPerSecond: measured.tg, promptTokensPerSecond: measured.pp, source: 'measured', basis: measured.basis };
  }
  const ceiling = variant.memoryBandwidthGBs / LLM_MODEL_SIZE_GB;
  return {
    generationTokensPerSecond: Math.round(LLM_ESTIMATE_SHARE * ceiling * 10) / 10,
    promptTokensPerSecond: null,
    source: 'estimate',
    basis: `estimate: ${LLM_ESTIMATE_SHARE} x bandwidth / ${LLM_MODEL_SIZE_GB} GB (Llama-3-8B Q4_K_M)`,
  };
}

/** Lower case, one space between words, no "NVIDIA " prefix: how names are compared. */
export function normaliseGpuName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim().replace(/^nvidia /, '');
}

const BY_NAME = new Map<string, CatalogueEntry>(
  CATALOGUE.flatMap((entry) => entry.names.map((n) => [normaliseGpuName(n), entry] as const)),
);

/** A reported GPU against the catalogue: its model, variant and expectations, or why it is not supported. */
export type CatalogueMatch =
  | { supported: true; entry: CatalogueEntry; variant: CatalogueVariant; expected: GpuExpectation }
  | { supported: false; reason: string };

/**
 * Finds the catalogue model for a name nvidia-smi reported. Where one name covers two VRAM sizes the
 * reported VRAM picks the variant (and its bandwidth). A name not in the table is never guessed into a row.
 */
export function matchCatalogue(reportedName: string, vramMiB: number): CatalogueMatch {
  const entry = BY_NAME.get(normaliseGpuName(reportedName));
  if (!entry) {
    return {
      supported: false,
      reason:
        `${reportedName.trim()} is not in GridHost's supported list (GeForce RTX 30, 40 and 50 series, RTX A4000-A6000, ` +
        'A40, A100, H100), so no grid market takes it. Nothing to fix on this machine: the grid has no market for this GPU.',
    };
  }
  const reportedGiB = vramMiB / 1024;
  const variant = entry.variants.reduce((best, v) =>
    Math.abs(v.vramGiB - reportedGiB) < Math.abs(best.vramGiB - reportedGiB) ? v : best,
  );
  return {
    supported: true,
    entry,
    variant,
    expected: {
      computeCapability: entry.computeCapability,
      vramGiB: variant.vramGiB,
      memoryBandwidthGBs: variant.memoryBandwidthGBs,
      fp16TensorTflops: entry.fp16TensorTflops,
      fp32Tflops: entry.fp32Tflops,
      boardPowerW: entry.boardPowerW,
      llm: llmExpectation(entry, variant),
    },
  };
}

/** True when the name says it is a laptop part, whether or not it is in the catalogue. */
export function isLaptopGpuName(reportedName: string): boolean {
  return /\b(laptop|max-q|mobile)\b/i.test(reportedName);
}
