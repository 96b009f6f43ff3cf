import type { JobContainerSpecInput } from '../../../src/main/core/containers/job-container-spec';
import { GridServices } from '../../../src/main/core/grid/grid-services';
import type { HostLoopDriverOptions } from '../../../src/main/core/grid/host-loop-driver';
import type { EnrollmentEvidence } from '../../../src/main/core/grid/ports';
import { HostCore } from '../../../src/main/core/host';
import type { OpRunner } from '../../../src/main/core/jobs/ports';
import { systemClock, type NodeSigner } from '../../../src/main/core/ports';
import { SettingsService } from '../../../src/main/core/settings/settings-service';
import { MemoryDocumentStore, RecordingLogger, testAppInfo } from '../core-fakes';

/** A HostCore with only the grid side attached, its documents in memory: for tests of the grid's wiring. */
export function buildGridHost(options: {
  url: () => string;
  signer: NodeSigner;
  runner: OpRunner | null;
  evidence?: EnrollmentEvidence | null;
  dataDir: string;
  loop?: Partial<HostLoopDriverOptions>;
}): { core: HostCore; services: GridServices; logger: RecordingLogger; docs: Map<string, MemoryDocumentStore> } {
  const logger = new RecordingLogger();
  const docs = new Map<string, MemoryDocumentStore>();
  const services = new GridServices({
    url: options.url,
    openSigner: async () => options.signer,
    runner: () => options.runner,
    evidence: () => options.evidence ?? null,
    openDocument: (name) => docs.get(name) ?? docs.set(name, new MemoryDocumentStore()).get(name)!,
    clock: systemClock,
    logger,
    fetch,
    loop: options.loop,
  });
  const core = new HostCore({
    logger,
    clock: systemClock,
    dataDir: options.dataDir,
    appInfo: testAppInfo,
    grid: services,
    createSettings: (sink) => new SettingsService(new MemoryDocumentStore(), logger, sink),
  });
  services.attach(core);
  return { core, services, logger, docs };
}

/** The container supervisor's port, faked: each op runs until the test ends it (or it is stopped). */
export class FakeOpRunner implements OpRunner {
  started: JobContainerSpecInput[] = [];
  stopped: string[] = [];
  private readonly exits = new Map<string, (r: { exitCode: number; oomKilled: boolean }) => void>();

  async run(spec: JobContainerSpecInput) {
    this.started.push(spec);
    return { exited: new Promise<{ exitCode: number; oomKilled: boolean }>((resolve) => this.exits.set(spec.opId, resolve)) };
  }
  async stop(jobId: string, opId: string) {
    this.stopped.push(`${jobId}/${opId}`);
    this.exits.get(opId)?.({ exitCode: 137, oomKilled: false });
  }
  logs() {
    return [{ text: 'completion: ok' }];
  }
  /** Ends the op as if its container exited. */
  exit(opId: string, exitCode: number) {
    this.exits.get(opId)?.({ exitCode, oomKilled: false });
  }
}

/** Waits until `check` holds (the host loop runs on its own timers). */
export async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
