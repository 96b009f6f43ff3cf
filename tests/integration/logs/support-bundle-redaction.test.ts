import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileLogFolder } from '../../../src/main/adapters/logs/log-folder';
import { ZipBundleWriter } from '../../../src/main/adapters/logs/zip-bundle-writer';
import { Redactor } from '../../../src/main/core/logs/redactor';
import { SupportBundle } from '../../../src/main/core/logs/support-bundle';

const run = promisify(execFile);

/** The node's own keypair (registered with the redactor, as the wallet does) and one the host never saw. */
const NODE_KEY = Keypair.generate().secretKey;
const UNKNOWN_KEY = Keypair.generate().secretKey;

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gridhost-bundle-redaction-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Writes one job log and one main log with the given text into a fresh log folder, exports a real bundle (zip
 * on disk) and reads the two logs back with the system's unzip.
 */
async function exportLogs(name: string, text: string): Promise<{ jobLog: string; mainLog: string }> {
  const logs = join(dataDir, name, 'logs');
  await mkdir(join(logs, 'jobs'), { recursive: true });
  await writeFile(join(logs, 'jobs', 'gridhost-job-1-run.log'), text);
  await writeFile(join(logs, 'gridhost.log'), text);
  const redactor = new Redactor();
  redactor.rememberKey(NODE_KEY);
  const bundle = new SupportBundle({
    folder: new FileLogFolder(logs),
    redactor,
    clock: { now: () => Date.now() },
    sources: { app: { name: 'GridHost', version: 'test', mode: 'headless' } },
  });
  const zip = join(dataDir, name, 'bundle.zip');
  await bundle.export(new ZipBundleWriter(zip));
  const read = async (entry: string) => (await run('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return { jobLog: await read('logs/jobs/gridhost-job-1-run.log'), mainLog: await read('logs/gridhost.log') };
}

/**
 * The form repeated over ~300 KB of log text, after filler of changing length, so that copies fall across every
 * place where the export cuts the text (read blocks, redaction passes) whatever those are.
 */
function spread(form: string, newlines: boolean): string {
  let text = '';
  for (let i = 0; text.length < 300_000; i++) {
    const filler = 'x'.repeat(1 + ((i * 977) % 157));
    text += newlines ? `${filler}\n${form}\n` : `${filler} ${form} `;
  }
  return newlines ? text : `${text}\n`;
}

/** Every piece of the key's bytes that identifies it: any 16 hex digits of it, however the bytes were printed. */
function keyPieces(key: Uint8Array): string[] {
  const hex = Buffer.from(key).toString('hex');
  // The first 32 bytes are the secret seed; the other half is the public key.
  return [0, 16, 32, 48].map((at) => hex.slice(at, at + 16));
}

function expectNoKey(text: string, key: Uint8Array, form: string): void {
  const squeezed = text.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  for (const piece of keyPieces(key)) expect(squeezed.includes(piece), `${form}: key bytes ${piece} survived`).toBe(false);
  const numbers = text.replace(/[^0-9,]/g, '');
  expect(numbers.includes(Array.from(key.subarray(8, 24)).join(',')), `${form}: key as numbers survived`).toBe(false);
}

const hex = (key: Uint8Array) => Buffer.from(key).toString('hex');

/** Each form the issue lists, as text that a process could print. */
const FORMS: Array<[string, (key: Uint8Array) => string, { multiline: boolean }]> = [
  ["Node's <Buffer ...>", (key) => inspect(Buffer.from(key)), { multiline: false }],
  ["Node's <Buffer ...> of the 32-byte seed", (key) => inspect(Buffer.from(key.subarray(0, 32))), { multiline: false }],
  ['hex with colons', (key) => hex(key).match(/../g)!.join(':'), { multiline: false }],
  ['HEX with colons', (key) => hex(key).toUpperCase().match(/../g)!.join(':'), { multiline: false }],
  ['hex split across lines', (key) => `${hex(key).slice(0, 64)}\n${hex(key).slice(64)}`, { multiline: true }],
  ['a pretty-printed 64-number array over several lines', (key) => inspect(Array.from(key)), { multiline: true }],
  ['a JSON array with one number a line', (key) => JSON.stringify(Array.from(key), null, 2), { multiline: true }],
  ['percent-encoded base64', (key) => encodeURIComponent(Buffer.from(key).toString('base64')), { multiline: false }],
  ['base58 with spaces', (key) => bs58.encode(key).match(/.{1,4}/g)!.join(' '), { multiline: false }],
  ['base58', (key) => bs58.encode(key), { multiline: false }],
];

describe('support bundle: key material in every form, through the real export', { timeout: 60_000 }, () => {
  it.each(FORMS)('erases %s, of the node key and of an unknown key, wherever the text is cut', async (form, encode, { multiline }) => {
    for (const [who, key] of [['node', NODE_KEY], ['unknown', UNKNOWN_KEY]] as const) {
      const name = `${form.replace(/\W+/g, '-')}-${who}`;
      const { jobLog, mainLog } = await exportLogs(name, spread(encode(key), multiline));
      expectNoKey(jobLog, key, `${form} (${who} key, job log)`);
      expectNoKey(mainLog, key, `${form} (${who} key, main log)`);
      expect(jobLog).toContain('[REDACTED');
    }
  });

  it('erases a key in a line with no newline that is longer than any read or redaction block', async () => {
    const keys = Array.from({ length: 4000 }, () => bs58.encode(randomBytes(64)));
    let line = '';
    for (const [i, key] of keys.entries()) line += `${'y'.repeat(1 + ((i * 613) % 13))} ${key} `;
    const { jobLog } = await exportLogs('one-long-line', line);
    for (const key of keys) expect(jobLog.includes(key), `a key at ${line.indexOf(key)} survived`).toBe(false);
    // The long line is still there, only its keys are gone.
    expect(jobLog.split('\n')).toHaveLength(1);
    expect(jobLog.match(/\[REDACTED:key\]/g)).toHaveLength(keys.length);
  });
});

describe('support bundle: credentials written as plain text, through the real export', { timeout: 60_000 }, () => {
  const CREDENTIALS: Array<[string, string]> = [
    ['token tok_', 'token tok_8f2kd93jf02kdf'],
    ['password:', 'password: hunter2-pw-9x'],
    ['secret=', 'secret=s3cr3t-value-77'],
    ['api_key', 'api_key ak_live_51H8sdkf02'],
    ['API_KEY:', 'API_KEY: 5f1e0c9d8b7a6f5e'],
    ['Password', 'Password hunter2pw'],
  ];

  it.each(CREDENTIALS)('erases a line of the form "%s ..." that is not JSON, in the main log and a job log', async (_form, line) => {
    const value = line.split(/[\s:=]+/).at(-1)!;
    const text = `{"t":"2026-11-25T10:00:00.000Z","level":"info","msg":"ok","component":"host"}\nlogin with ${line} now\n`;
    const { jobLog, mainLog } = await exportLogs(`plain-${value}`, spread(text, true));
    expect(jobLog).not.toContain(value);
    expect(mainLog).not.toContain(value);
    expect(jobLog).toContain('[REDACTED]');
  });

  it('keeps ordinary words after a secret-like name', async () => {
    const text = 'token expired, asking again\npassword changed by the owner\nthe api_key setting is empty\n';
    const { jobLog } = await exportLogs('plain-words', text);
    expect(jobLog).toBe(text);
  });
});
