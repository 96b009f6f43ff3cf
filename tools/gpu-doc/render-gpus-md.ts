import {
  CATALOGUE,
  CATALOGUE_RULES,
  LLM_ESTIMATE_SHARE,
  LLM_MODEL_SIZE_GB,
  MEASURED_LLM_FIGURES,
  type CatalogueEntry,
} from '../../src/main/core/gpu/catalogue';

/** Where the rendered table is kept, relative to the repository root. */
export const GPUS_MD_PATH = 'docs/gpus.md';

/** The VRAM and bandwidth cells: "8 or 16" when variants share a bandwidth, else "12 (8 GB variant: 240 GB/s)". */
function memoryCells(entry: CatalogueEntry): [vram: string, bandwidth: string] {
  const [first, ...others] = entry.variants;
  if (!first) throw new Error(`${entry.id} has no memory variant`);
  if (others.every((v) => v.memoryBandwidthGBs === first.memoryBandwidthGBs)) {
    return [entry.variants.map((v) => String(v.vramGiB)).join(' or '), String(first.memoryBandwidthGBs)];
  }
  const variants = others.map((v) => `${v.vramGiB} GB variant: ${v.memoryBandwidthGBs} GB/s`).join('; ');
  return [`${first.vramGiB} (${variants})`, String(first.memoryBandwidthGBs)];
}

function catalogueRow(entry: CatalogueEntry): string {
  const [vram, bandwidth] = memoryCells(entry);
  const cells = [
    entry.id,
    entry.names.join(', '),
    entry.computeCapability,
    vram,
    bandwidth,
    String(entry.fp16TensorTflops),
    // NVIDIA's tables give FP32 with one decimal, whole values included (21.0).
    entry.fp32Tflops.toFixed(1),
    String(entry.boardPowerW),
    entry.market,
  ];
  return `| ${cells.join(' | ')} |`;
}

function measuredRow(figure: (typeof MEASURED_LLM_FIGURES)[number]): string {
  const entry = CATALOGUE.find((e) => e.id === figure.id);
  if (!entry) throw new Error(`measured LLM figure for ${figure.id}, which is not in the catalogue`);
  const vram = figure.vramGiB === undefined ? 'any' : `${figure.vramGiB} GB`;
  return `| ${figure.id} | ${vram} | ${figure.tg.toFixed(1)} | ${figure.pp} | ${figure.basis} |`;
}

/** docs/gpus.md, rendered from the catalogue (`npm run docs:gpus` writes it; a unit test checks it is current). */
export function renderGpusMd(): string {
  const variantModels = CATALOGUE.filter((e) => e.variants.length > 1)
    .map((e) => `${e.id} (${e.variants.map((v) => v.vramGiB).join('/')} GB)`)
    .join(', ');
  const { minDriver, recommendedDriver, minVramGiB, minFreeDiskGB } = CATALOGUE_RULES;
  return [
    '# Supported GPUs',
    '',
    '<!-- Generated from src/main/core/gpu/catalogue.ts by `npm run docs:gpus`; edit the catalogue, not this file. -->',
    '',
    "The GPU catalogue GridHost matches every detected card against. Figures are NVIDIA's published",
    'specifications. The source is `src/main/core/gpu/catalogue.ts`; this page is rendered from it, and',
    '`tests/unit/tools/gpu-doc/render-gpus-md.test.ts` fails when the two differ.',
    '',
    'Columns: `id` (catalogue id), the names nvidia-smi reports (older drivers omit the `NVIDIA ` prefix; names',
    'match case-insensitively, whatever the spacing), compute capability, VRAM GiB, memory bandwidth GB/s, dense',
    'FP16 tensor TFLOPS (FP16 accumulate), FP32 TFLOPS, board power W, market slug.',
    '',
    "Laptop parts vary with the OEM's power limit (TGP): figures are the top of the range, and every laptop part",
    'goes to the `nvidia-laptop` market whatever its series.',
    '',
    '| id | reported name(s) | CC | VRAM | BW | FP16-TC | FP32 | W | market |',
    '|---|---|---|---|---|---|---|---|---|',
    ...CATALOGUE.map(catalogueRow),
    '',
    '## Rules',
    '',
    `- Where one name covers two parts, the reported VRAM picks the variant and its bandwidth: ${variantModels}.`,
    '- A name not in the table (GTX 10xx, RTX 20xx, Quadro RTX, RTX 6000 Ada, AMD, Intel) is reported as it is,',
    '  with `model: null`, `supported: false` and a readable reason; it is never guessed into a row.',
    `- Driver: below ${minDriver.linux} (Linux) / ${minDriver.win32} (Windows) cannot run CUDA 12 containers: fail, with`,
    `  the fix. Below ${recommendedDriver}: warn.`,
    `- Minimum VRAM for any market: ${minVramGiB} GiB. Minimum free disk for the data folder: ${minFreeDiskGB} GB.`,
    '',
    "## Measured LLM throughput (the benchmark's expectations)",
    '',
    'llama.cpp with all layers on the GPU, tokens per second for generation (tg512) and prompt (pp512), from the',
    'public GPU-Benchmarks-on-LLM-Inference tables (2024):',
    '',
    '| id | VRAM | generation | prompt | basis |',
    '|---|---|---|---|---|',
    ...MEASURED_LLM_FIGURES.map(measuredRow),
    '',
    'Token generation is bound by memory bandwidth: the ceiling is bandwidth / model size',
    `(${LLM_MODEL_SIZE_GB} GB for Llama-3-8B Q4_K_M), and measured values reach 55-76 % of it. Where no figure is`,
    `measured, the expectation is ${LLM_ESTIMATE_SHARE} x ceiling, labelled as an estimate.`,
    '',
  ].join('\n');
}
