import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHeadlessProcess } from '../tests/support/headless-process';
import { cpuSeconds, rssMiB, table } from './support/proc-sampler';

const WINDOW_S = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const TARGET_ADDED_CPU_PERCENT = 1;
const TARGET_RSS_MIB = 120;

/**
 * The idle headless host's CPU time per minute and resident memory over 60 s, beside a bare Node process
 * that only runs a 1 s timer, measured in the same run. Target: the host adds under 1 % of one core and stays
 * under 120 MB RSS.
 */
export async function run(): Promise<boolean> {
  const host = await startHeadlessProcess();
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await sleep(5_000); // let start-up work finish; we measure the idle state
    const pids = { host: host.child.pid!, bare: bare.pid! };
    const cpu0 = { host: await cpuSeconds(pids.host), bare: await cpuSeconds(pids.bare) };
    const peak = { host: 0, bare: 0 };
    for (let s = 0; s < WINDOW_S; s++) {
      await sleep(1_000);
      peak.host = Math.max(peak.host, await rssMiB(pids.host));
      peak.bare = Math.max(peak.bare, await rssMiB(pids.bare));
    }
    const cpuPerMin = {
      host: ((await cpuSeconds(pids.host)) - cpu0.host) * (60 / WINDOW_S),
      bare: ((await cpuSeconds(pids.bare)) - cpu0.bare) * (60 / WINDOW_S),
    };
    const addedPercent = ((cpuPerMin.host - cpuPerMin.bare) / 60) * 100;
    console.log(
      table([
        { process: 'bare node (1 s timer)', 'cpu s/min': cpuPerMin.bare.toFixed(3), 'peak RSS MiB': peak.bare.toFixed(1) },
        { process: 'idle headless host', 'cpu s/min': cpuPerMin.host.toFixed(3), 'peak RSS MiB': peak.host.toFixed(1) },
      ]),
    );
    const rssRatio = peak.host / peak.bare;
    const met = addedPercent < TARGET_ADDED_CPU_PERCENT && peak.host < TARGET_RSS_MIB;
    console.log(
      `host adds ${addedPercent.toFixed(3)} % of one core (target < ${TARGET_ADDED_CPU_PERCENT} %), ` +
        `RSS ${peak.host.toFixed(1)} MiB = ${rssRatio.toFixed(2)}x bare node (target < ${TARGET_RSS_MIB} MB): ${met ? 'MET' : 'NOT MET'}`,
    );
    return met;
  } finally {
    bare.kill();
    await host.stop();
  }
}
