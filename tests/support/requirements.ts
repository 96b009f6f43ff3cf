import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Tests that need a real Docker engine or Chromium skip with a printed reason when the part is missing,
 * unless GRIDHOST_REQUIRE_DOCKER=1 / GRIDHOST_REQUIRE_BROWSER=1 is set (as .ci/run does): then they fail.
 */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 });
    return true;
  } catch (err) {
    const reason = `Docker engine not reachable (${(err as Error).message.split('\n')[0]})`;
    if (process.env.GRIDHOST_REQUIRE_DOCKER === '1') {
      throw new Error(`${reason}; GRIDHOST_REQUIRE_DOCKER=1 so this test fails instead of skipping`);
    }
    console.warn(`skipping Docker tests: ${reason}`);
    return false;
  }
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Path of Debian's Chromium, or null (and a printed reason) when it is not installed. */
export function chromiumPath(): string | null {
  const found = [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((p) => p && existsSync(p));
  if (found) return found;
  const reason = 'Chromium not found (apt-get install -y chromium)';
  if (process.env.GRIDHOST_REQUIRE_BROWSER === '1') {
    throw new Error(`${reason}; GRIDHOST_REQUIRE_BROWSER=1 so this test fails instead of skipping`);
  }
  console.warn(`skipping browser tests: ${reason}`);
  return null;
}
