import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/ports';
import { createSelfSignedCertificate, keyMatchesCertificate } from './self-signed-certificate';

/** Where the remote dashboard's certificate is kept, inside the data folder. */
export const DASHBOARD_TLS_FOLDER = 'tls';
const KEY_FILE = 'dashboard-key.pem';
const CERT_FILE = 'dashboard-cert.pem';
const VALID_DAYS = 825;
/** A certificate this close to its end is replaced at start, not in the middle of a session. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface DashboardCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, `AB:CD:...`, as browsers show it: the owner compares it before trusting. */
  fingerprint256: string;
  /** True when it was made by this start (first use, expiry, or an unusable pair). */
  created: boolean;
}

/**
 * The remote dashboard's TLS certificate: read from `<data>/tls/`, or made there on first use (self-signed,
 * for `names`, the key written 0600). The same certificate is kept across starts, so its fingerprint stays the
 * one the owner checked, until it nears its end or the pair on disk is unusable.
 */
export async function loadOrCreateDashboardCertificate(dataDir: string, names: string[], logger: Logger, now = new Date()): Promise<DashboardCertificate> {
  const folder = join(dataDir, DASHBOARD_TLS_FOLDER);
  const keyPath = join(folder, KEY_FILE);
  const certPath = join(folder, CERT_FILE);
  const existing = await readPair(keyPath, certPath);
  const problem = existing ? usability(existing, now) : 'none yet';
  if (existing && problem === null) {
    await chmod(keyPath, 0o600).catch(() => undefined);
    return { key: existing.key, cert: existing.cert, fingerprint256: existing.x509.fingerprint256, created: false };
  }
  const made = createSelfSignedCertificate({ names, days: VALID_DAYS, now });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeAtomically(keyPath, made.keyPem, 0o600);
  await writeAtomically(certPath, made.certPem, 0o644);
  const fingerprint256 = new X509Certificate(made.certPem).fingerprint256;
  logger.info('dashboard certificate created', { reason: problem, path: certPath, fingerprint256, names });
  return { key: made.keyPem, cert: made.certPem, fingerprint256, created: true };
}

interface Pair {
  key: string;
  cert: string;
  x509: X509Certificate;
}

async function readPair(keyPath: string, certPath: string): Promise<Pair | null> {
  try {
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { key, cert, x509: new X509Certificate(cert) };
  } catch {
    return null;
  }
}

function usability(pair: Pair, now: Date): string | null {
  if (!keyMatchesCertificate(pair.key, pair.x509)) return 'the key does not match the certificate';
  if (new Date(pair.x509.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return 'the certificate expires within 30 days';
  return null;
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode });
  await chmod(temp, mode); // writeFile's mode is masked by the umask
  await rename(temp, path);
}
