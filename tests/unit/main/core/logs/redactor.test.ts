import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../../../src/main/core/logs/redactor';
import { REDACTION_RULES } from '../../../../../src/main/core/logs/redaction-rules';
import { secretEncodings } from '../../../../../src/main/core/logs/secret-encodings';

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const MNEMONIC_24 =
  'letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless';

function foreignKey(): Uint8Array {
  return Keypair.generate().secretKey;
}

describe('Redactor: secret keys that are not ours, by shape', () => {
  const redactor = new Redactor();

  it.each([
    ['JSON array', (k: Uint8Array) => `[${Array.from(k).join(',')}]`],
    ['JSON array with spaces and newlines', (k: Uint8Array) => `[\n  ${Array.from(k).join(',\n  ')}\n]`],
    ['base58', (k: Uint8Array) => bs58.encode(k)],
    ['hex', (k: Uint8Array) => Buffer.from(k).toString('hex')],
    ['HEX', (k: Uint8Array) => Buffer.from(k).toString('hex').toUpperCase()],
    ['base64', (k: Uint8Array) => Buffer.from(k).toString('base64')],
    ['base64url', (k: Uint8Array) => Buffer.from(k).toString('base64url')],
  ])('removes a 64-byte key written as %s', (_name, encode) => {
    for (let i = 0; i < 20; i++) {
      const encoded = encode(foreignKey());
      const out = redactor.redactText(`imported key ${encoded} from backup`);
      expect(out).not.toContain(encoded);
      expect(out).toContain('[REDACTED:key]');
      expect(out).toMatch(/^imported key .* from backup$/);
    }
  });

  it('removes keys inside JSON text, after "=" and in quotes', () => {
    const b64 = Buffer.from(foreignKey()).toString('base64');
    const b58 = bs58.encode(foreignKey());
    const out = redactor.redactText(`{"k":"${b64}","x":"a=${b58}"}`);
    expect(out).not.toContain(b64);
    expect(out).not.toContain(b58);
  });
});

describe('Redactor: our own key, exactly, in every encoding', () => {
  it('removes the registered key even where no shape rule would see it', () => {
    const key = foreignKey();
    const redactor = new Redactor();
    redactor.rememberKey(key);
    for (const encoded of secretEncodings(key)) {
      // Glued to other letters, so the shape rules' boundaries do not hold.
      const out = redactor.redactText(`xx${encoded}yy`);
      expect(out).not.toContain(encoded);
    }
    const seedHex = Buffer.from(key.subarray(0, 32)).toString('hex');
    expect(redactor.redactText(`seed=Q${seedHex}Q`)).not.toContain(seedHex);
  });

  it('marks every encoding of the key and of its seed half whole for the byte scan, though they start alike', () => {
    const key = foreignKey();
    const redactor = new Redactor();
    redactor.rememberKey(key);
    redactor.rememberSecret('tøken-ünïcode-42');
    const seed = key.subarray(0, 32);
    // The seed's colon hex is the beginning of the key's: both must be found, each at its full length.
    const forms = [...secretEncodings(key), ...secretEncodings(seed)].filter((f) => !/^[A-Za-z0-9+/=_-]+$/.test(f));
    const text = Buffer.from(`${forms.map((f, i) => `${i % 2 ? ' ' : 'x'}${f}`).join('')} tøken-ünïcode-42 ${forms[0]}${forms[0]}`, 'utf8').toString('latin1');
    const wholes = redactor.suspects(text, { bytes: true }).filter((s) => s.whole).map((s) => text.slice(s.start, s.end));
    for (const form of forms) expect(wholes.filter((w) => w === form).length, form).toBeGreaterThanOrEqual(1);
    expect(wholes.filter((w) => w === forms[0]).length).toBe(3);
    expect(wholes).toContain(Buffer.from('tøken-ünïcode-42', 'utf8').toString('latin1'));
  });

  it('removes a registered token wherever it appears', () => {
    const redactor = new Redactor();
    redactor.rememberSecret('hT0k3n-abcdef123456');
    expect(redactor.redactText('opened http://127.0.0.1:8080/#hT0k3n-abcdef123456')).toBe('opened http://127.0.0.1:8080/#[REDACTED]');
  });
});

describe('Redactor: seed phrases', () => {
  const redactor = new Redactor();

  it.each([MNEMONIC, MNEMONIC_24])('removes a BIP39 phrase', (phrase) => {
    const out = redactor.redactText(`restored from "${phrase}" ok`);
    expect(out).toBe('restored from "[REDACTED:seed-phrase]" ok');
  });

  it('removes a phrase that is a whole line', () => {
    expect(redactor.redactText(`${MNEMONIC}\nnext`)).toBe('[REDACTED:seed-phrase]\nnext');
  });

  it('keeps ordinary sentences: short words, capitals and punctuation break a run', () => {
    const texts = [
      'the container could not start because of a missing driver in the image',
      'Pulling image ubuntu, this may take a while on a slow connection to the registry server today',
      'job finished: exit code 0 after 2m 14s; results uploaded to the grid and the host is queued again',
      'nvidia container toolkit is not installed so jobs cannot use the gpu; install it and check again',
    ];
    for (const text of texts) expect(redactor.redactText(text)).toBe(text);
  });

  it('does not take part of a longer word at either end of a run', () => {
    const text = `X${MNEMONIC.slice(0, 30)}`;
    expect(redactor.redactText(text)).toBe(text);
  });
});

describe('Redactor: tokens and passwords', () => {
  const redactor = new Redactor();

  it.each([
    ['http://127.0.0.1:7777/?token=abc123def456&x=1', 'http://127.0.0.1:7777/?token=[REDACTED]&x=1'],
    ['Authorization: Bearer eyJhbGciOi.xyz.abc', 'Authorization: Bearer [REDACTED]'],
    ['"authorization":"Basic dXNlcjpwYXNz"', '"authorization":"Basic [REDACTED]"'],
    ['{"registryPassword":"hunter2!","user":"bob"}', '{"registryPassword":"[REDACTED]","user":"bob"}'],
    ['{"auth": "dXNlcjpwYXNz"}', '{"auth": "[REDACTED]"}'],
    ['REGISTRY_PASSWORD=s3cr3t docker login', 'REGISTRY_PASSWORD=[REDACTED] docker login'],
    ['--api-key=abcd1234 --verbose', '--api-key=[REDACTED] --verbose'],
    ['https://bob:pa55w0rd@registry.example.org/v2/', 'https://bob:[REDACTED]@registry.example.org/v2/'],
  ])('%s', (input, expected) => {
    expect(redactor.redactText(input)).toBe(expected);
  });

  it('keeps counts and settings whose names only look like secrets', () => {
    const text = '{"maxTokens":512,"tokenizer":"gpt2","authorName":"x","passwordHint":null}';
    expect(redactor.redactText(text)).toBe(text);
  });
});

describe('Redactor: personal data', () => {
  const redactor = new Redactor();

  it('removes e-mail addresses', () => {
    expect(redactor.redactText('contact alice.smith+grid@example.co.uk now')).toBe('contact [REDACTED:email] now');
  });

  it('keeps image digests that contain an @', () => {
    const text = 'ubuntu@sha256:8a9b3f2b4b3c6b1b9d87f1f5c0d0ad0e9f0b1a2c3d4e5f60718293a4b5c6d7e8';
    expect(redactor.redactText(text)).toBe(text);
  });

  it.each([
    ['/home/alice/.config/gridhost/logs', '/home/<user>/.config/gridhost/logs'],
    ['/Users/alice/Library/Application Support', '/Users/<user>/Library/Application Support'],
    ['C:\\Users\\alice\\AppData\\Roaming', 'C:\\Users\\<user>\\AppData\\Roaming'],
    ['{"dir":"C:\\\\Users\\\\alice\\\\AppData"}', '{"dir":"C:\\\\Users\\\\<user>\\\\AppData"}'],
    ['C:\\Users\\Alice Smith\\AppData\\Local', 'C:\\Users\\<user>\\AppData\\Local'],
    ['/Users/Alice Smith/Library and /home/bob is here', '/Users/<user>/Library and /home/<user> is here'],
  ])('removes the user name from %s', (input, expected) => {
    expect(redactor.redactText(input)).toBe(expected);
  });

  it('shortens wallet addresses and keeps both ends', () => {
    const address = Keypair.generate().publicKey.toBase58();
    const out = redactor.redactText(`payout to ${address}.`);
    expect(out).toBe(`payout to ${address.slice(0, 4)}…${address.slice(-4)}.`);
  });
});

describe('Redactor: no false positives on ordinary log text', () => {
  const redactor = new Redactor();

  it.each([
    'job 3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f started in market nvidia-3060',
    'image sha256:8a9b3f2b4b3c6b1b9d87f1f5c0d0ad0e9f0b1a2c3d4e5f60718293a4b5c6d7e8 pulled (1.2 GB)',
    'container 4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c exited with code 137',
    'md5 d41d8cd98f00b204e9800998ecf8427e and sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'GET /api/v1/nodes/status 200 in 14 ms; retry in 30 s',
    '{"t":"2026-11-25T10:00:00.000Z","level":"info","msg":"host state changed","component":"host","from":"queued","to":"running","reason":null}',
    'CUDA 12.4, driver 550.54.14, GPU NVIDIA GeForce RTX 3060 Laptop GPU with 6144 MiB',
    'ThisIsAnOrdinaryIdentifierName in src/main/core/logs/structured-logger.ts:42',
  ])('%s', (text) => {
    expect(redactor.redactText(text)).toBe(text);
  });

  it('is stable: redacting twice changes nothing more', () => {
    const key = foreignKey();
    const text = [
      `key ${bs58.encode(key)} hex ${Buffer.from(key).toString('hex')}`,
      `token=abcdef ${MNEMONIC} bob@example.com /home/bob x ${Keypair.generate().publicKey.toBase58()}`,
      'Authorization: Bearer abc {"password":"p"}',
    ].join('\n');
    const once = redactor.redactText(text);
    expect(redactor.redactText(once)).toBe(once);
  });

  it('every rule has a name (they appear in docs/support.md)', () => {
    expect(REDACTION_RULES.map((r) => r.name)).toEqual(expect.arrayContaining(['seed-phrase', 'email', 'home-folder']));
  });

  it("skips a rule only where it would change nothing: its cheap test passes on every text it changes", () => {
    const key = Array.from(foreignKey());
    const samples = [
      `[${key.join(',')}]`,
      `[ ${key.join(' , ')} ]`,
      'Authorization: Bearer abc.def',
      'PROXY-AUTHORIZATION=Basic Zm9v',
      'X-API-KEY: k123',
      'x-auth-token="t1"',
      'Set-Cookie: sid=abc',
      'COOKIE: a=b',
      'https://bob:pa55@registry.example.org/v2/',
      'GET /x?ACCESS_KEY=ak1&Pwd=2',
      '/cb;auth=zz',
      '{"registryPassword":"hunter2"}',
      '{"msg":"{\\"private_key\\":\\"abc\\"}"}',
      "Seed-Phrase: 'x y z'",
      'MNEMONIC=abc',
      'passphrase=hunter2',
      'API_KEY ak_1234abcd',
      'Token tok_1234abcd',
      'saved to /home/alice/x and /Users/Bob Smith/y',
      'C:\\Users\\carol\\AppData and "D:\\\\Users\\\\dave\\\\x"',
    ];
    const gated = REDACTION_RULES.filter((r) => r.needs);
    expect(gated.map((r) => r.name)).toEqual(
      expect.arrayContaining(['key-byte-array', 'authorization-header', 'url-credentials', 'query-secret', 'secret-named-field', 'secret-named-plain-text', 'home-folder']),
    );
    for (const rule of gated) {
      const changed = samples.filter((text) => rule.apply(text) !== text);
      expect(changed.length, rule.name).toBeGreaterThan(0);
      for (const text of changed) expect(rule.needs!.test(text), `${rule.name}: ${text}`).toBe(true);
    }
    // And the redactor still applies them all.
    expect(new Redactor().redactText('Set-Cookie: sid=abc; see /home/alice')).toBe('Set-Cookie: [REDACTED]; see /home/<user>');
  });
});

describe('Redactor: values (log fields)', () => {
  const redactor = new Redactor();

  it('replaces secret-named fields whole, whatever their value', () => {
    const out = redactor.redactValue({
      token: 'abc',
      registry: { password: { nested: 1 }, username: 'bob' },
      headlessToken: 42,
      secretKey: Array.from(randomBytes(16)),
      hasToken: true,
    });
    expect(out).toEqual({
      token: '[REDACTED]',
      registry: { password: '[REDACTED]', username: 'bob' },
      headlessToken: '[REDACTED]',
      secretKey: '[REDACTED]',
      hasToken: true,
    });
  });

  it('drops key-sized byte arrays and 64-number arrays', () => {
    const key = foreignKey();
    expect(redactor.redactValue({ k: key, a: Array.from(key), small: new Uint8Array(3) })).toEqual({
      k: '[REDACTED:key]',
      a: '[REDACTED:key]',
      small: '[3 bytes]',
    });
  });

  it('walks errors, causes, maps, bigints and cycles without throwing', () => {
    const cause = new Error('login to https://u:p4ss@reg.example.org failed');
    const err = new Error('pull failed for /home/carol/x', { cause });
    const cyclic: Record<string, unknown> = { n: 10n, m: new Map([['email', 'carol@example.com']]) };
    cyclic.self = cyclic;
    const out = redactor.redactValue({ err, cyclic }) as { err: Record<string, unknown>; cyclic: Record<string, unknown> };
    expect(out.err.message).toBe('pull failed for /home/<user>/x');
    expect((out.err.cause as { message: string }).message).toBe('login to https://u:[REDACTED]@reg.example.org failed');
    expect(String(out.err.stack)).not.toContain('carol');
    expect(out.cyclic).toEqual({ n: '10', m: { email: '[REDACTED:email]' }, self: '[circular]' });
  });
});

describe('Redactor: text of JSON lines (the export pass)', () => {
  const redactor = new Redactor();

  it('removes a quoted secret written inside a JSON string, keeping the line valid JSON', () => {
    const line = JSON.stringify({ msg: 'login with password: "hunter2 x" failed', note: 'token=s3cr3t\\path' });
    const out = redactor.redactText(line);
    expect(out).not.toMatch(/hunter2|s3cr3t|\\\\path/);
    expect(JSON.parse(out)).toEqual({ msg: 'login with password: "[REDACTED]" failed', note: 'token=[REDACTED]' });
  });
});

describe('Redactor: long fields', () => {
  it('cuts a string field after redacting it, and says how much was left out', () => {
    const key = Buffer.from(foreignKey()).toString('hex');
    const long = `${'x '.repeat(8191)}${key}${'y'.repeat(20_000)}`;
    const out = new Redactor().redactValue({ output: long }) as { output: string };
    expect(out.output).not.toContain(key.slice(0, 40));
    expect(out.output).toMatch(/…\[\d+ more characters\]$/);
    expect(out.output.length).toBeLessThan(16_500);
  });
});
