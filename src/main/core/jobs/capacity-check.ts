import { isRunOp, requiredVramGiB, type JobDefinition } from './job-definition';
import type { JobProblem } from './job-problem';

/**
 * What a machine's GPUs cannot give a job: a GPU when an op asks for one (`gpu`, or `global.gpu`), and the
 * VRAM of `meta.system_resources.required_vram` (on the largest GPU). `vramMiB` holds each GPU's memory.
 */
export function capacityProblems(definition: JobDefinition, vramMiB: readonly number[]): JobProblem[] {
  const problems: JobProblem[] = [];
  const largest = vramMiB.length === 0 ? null : Math.max(...vramMiB);
  definition.ops.forEach((op, i) => {
    if (!isRunOp(op) || !(op.args.gpu ?? definition.global?.gpu ?? false) || largest !== null) return;
    const path = `ops[${i}].args.gpu`;
    problems.push({ path, code: 'capacity', message: `${path}: the op asks for a GPU and this machine has none that GridHost can use; run it on a host with an NVIDIA GPU.` });
  });
  const gib = requiredVramGiB(definition);
  if (gib !== undefined && gib > 0 && (largest === null || largest < gib * 1024)) {
    const path = 'meta.system_resources.required_vram';
    const has = largest === null ? 'no GPU was found' : `its GPU has ${(largest / 1024).toFixed(1)} GiB`;
    problems.push({ path, code: 'capacity', message: `${path}: the job needs ${gib} GiB of VRAM and ${has}; run it on a GPU with more memory.` });
  }
  return problems;
}
