import type { GpuProcess } from '../sharing/ports';

/*
 * What is on the GPU, as nvidia-smi tells it: `-q -x` (every GPU's <processes>, compute and graphics, and its
 * temperature) and, where the XML cannot be had, `--query-compute-apps` (compute processes only).
 */

export const PROCESSES_XML_ARGS = ['-q', '-x'];
export const COMPUTE_APPS_ARGS = ['--query-compute-apps=pid,process_name,used_memory', '--format=csv,noheader'];

/** What `nvidia-smi -q -x` says about the GPUs' users and heat. */
export interface GpuActivity {
  processes: GpuProcess[];
  /** The hottest GPU in °C, or null when no GPU reports it. */
  temperatureC: number | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function text(xml: string, tag: string): string | null {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? (match[1] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '').trim() : null;
}

/** "4000 MiB" -> 4000; "N/A", "[N/A]", "[Insufficient Permissions]" -> null. */
function mebibytes(value: string | null): number | null {
  const match = /^(\d+)\s*MiB$/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

function kindOf(type: string | null): GpuProcess['kind'] | null {
  if (type === 'C') return 'compute';
  if (type === 'G') return 'graphics';
  if (type === 'C+G' || type === 'M+C' || type === 'M+C+G') return 'compute+graphics';
  return null;
}

/** Parses `nvidia-smi -q -x`; null when it is not that XML. A process on two GPUs is listed once. */
export function parseProcessesXml(xml: string): GpuActivity | null {
  if (!xml.includes('<nvidia_smi_log')) return null;
  const processes = new Map<number, GpuProcess>();
  let temperatureC: number | null = null;
  for (const gpu of xml.split(/<gpu[\s>]/).slice(1)) {
    const celsius = /^(\d+)\s*C$/.exec(text(gpu, 'gpu_temp') ?? '');
    if (celsius) temperatureC = Math.max(temperatureC ?? -Infinity, Number(celsius[1]));
    for (const info of gpu.split('<process_info>').slice(1)) {
      const pid = Number(text(info, 'pid'));
      const kind = kindOf(text(info, 'type'));
      if (!Number.isInteger(pid) || pid <= 0 || kind === null) continue;
      processes.set(pid, { pid, kind, name: text(info, 'process_name') ?? '', usedMemoryMiB: mebibytes(text(info, 'used_memory')) });
    }
  }
  return { processes: [...processes.values()], temperatureC };
}

/** Parses `--query-compute-apps=pid,process_name,used_memory --format=csv,noheader`; null when unreadable. */
export function parseComputeApps(csv: string): GpuProcess[] | null {
  const processes: GpuProcess[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === '' || /no running processes/i.test(line)) continue;
    const cells = line.split(',');
    if (cells.length < 3) return null;
    const pid = Number(cells[0]?.trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    // A Windows path may hold a comma: the name is everything between the first and the last cell.
    const name = cells.slice(1, -1).join(',').trim();
    processes.push({ pid, name, kind: 'compute', usedMemoryMiB: mebibytes(cells[cells.length - 1] ?? null) });
  }
  return processes;
}
