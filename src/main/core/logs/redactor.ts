import { REDACTED, REDACTION_RULES } from './redaction-rules';
import { findSuspects, foundByRuns, groupNeedles, type NeedleGroup, type Suspect } from './redaction-triggers';
import { secretEncodings } from './secret-encodings';

const SECRET_FIELD_NAME =
  /(?:password|passwd|passphrase|secret|secret[_-]?key|private[_-]?key|token|api[_-]?key|access[_-]?key|mnemonic|seed[_-]?phrase|authorization|auth|cookie)$/i;

const MAX_DEPTH = 8;
const MAX_ARRAY_ITEMS = 200;
/** A log field longer than this is cut (after redaction, so that a secret is never cut in half and missed). */
const MAX_STRING_CHARS = 16 * 1024;

/**
 * Removes secrets and personal data from log text and log fields (redaction-rules.ts says what and why). The
 * log writes through it, and the support bundle passes every byte through it again at export.
 *
 * Besides the shapes, it knows the exact secrets of this host once they are registered (the node key in all
 * its encodings, the headless token), so that they are caught even where no shape rule would see them.
 */
export class Redactor {
  #known: string[] = [];
  /** The exact secrets the run scan would not find, as written in text and in a latin1 view of UTF-8 bytes. */
  #needles: NeedleGroup[] = [];
  #byteNeedles: NeedleGroup[] = [];

  /** Registers the node's secret key (the 64-byte solana-keygen form, or the 32-byte seed) and its halves. */
  rememberKey(secretKey: Uint8Array): void {
    const forms = secretEncodings(secretKey);
    // The first 32 bytes of a Solana secret key are the ed25519 seed: as secret as the whole.
    if (secretKey.length === 64) forms.push(...secretEncodings(secretKey.subarray(0, 32)));
    this.#remember(forms);
  }

  /** Registers a secret string (the headless token, a registry password) to be removed wherever it appears. */
  rememberSecret(secret: string): void {
    // Short strings would erase ordinary words; such a secret is too weak to matter anyway.
    if (secret.length >= 8) this.#remember([secret]);
  }

  /** The text with every secret removed and every wallet address shortened. */
  redactText(text: string): string {
    let out = text;
    for (const secret of this.#known) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    if (findSuspects(out, this.#needles, true).length === 0) return out;
    // A rule whose cheap test fails cannot change the text; a test shared by rules in a row runs once per text.
    let testedNeeds: RegExp | undefined;
    let testedText = '';
    let passed = true;
    for (const rule of REDACTION_RULES) {
      if (rule.needs) {
        if (rule.needs !== testedNeeds || out !== testedText) {
          testedNeeds = rule.needs;
          testedText = out;
          passed = rule.needs.test(out);
        }
        if (!passed) continue;
      }
      out = rule.apply(out);
    }
    return out;
  }

  /**
   * Where in `text` a rule or a registered secret could change something (redaction-triggers.ts); text outside
   * the lines around these is left as it is by redactText. With `bytes`, text is a latin1 view of UTF-8 bytes.
   */
  suspects(text: string, options: { bytes: boolean }): Suspect[] {
    return findSuspects(text, options.bytes ? this.#byteNeedles : this.#needles);
  }

  /**
   * A JSON-safe copy of a value with secrets removed: fields named like secrets are replaced whole, strings go
   * through redactText, byte arrays of key size are dropped, Errors become {name, message, stack, code}.
   */
  redactValue(value: unknown): unknown {
    return this.#walk(value, 0, new WeakSet());
  }

  /** Redacts the fields of a log line (a plain object), keeping its keys. */
  redactFields(fields: Record<string, unknown>): Record<string, unknown> {
    return this.#walk(fields, 0, new WeakSet()) as Record<string, unknown>;
  }

  #remember(forms: string[]): void {
    const all = new Set([...this.#known, ...forms.filter((f) => f.length > 0)]);
    // Longest first, so that a key's hex form is removed before the hex of its seed half, which it contains.
    this.#known = [...all].sort((a, b) => b.length - a.length);
    const needles = this.#known.filter((secret) => !foundByRuns(secret));
    this.#needles = groupNeedles(needles);
    this.#byteNeedles = groupNeedles(needles.map((secret) => Buffer.from(secret, 'utf8').toString('latin1')));
  }

  #walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') {
      const text = this.redactText(value);
      return text.length > MAX_STRING_CHARS ? `${text.slice(0, MAX_STRING_CHARS)}…[${text.length - MAX_STRING_CHARS} more characters]` : text;
    }
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return value.toString();
    if (value === undefined) return undefined;
    if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
    if (value instanceof Uint8Array) {
      return value.length === 32 || value.length === 64 ? '[REDACTED:key]' : `[${value.length} bytes]`;
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (depth >= MAX_DEPTH) return '[nested too deep]';
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (value instanceof Error) return this.#walkError(value, depth, seen);
    if (Array.isArray(value)) {
      if (value.length === 64 && value.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return '[REDACTED:key]';
      const items = value.slice(0, MAX_ARRAY_ITEMS).map((item) => this.#walk(item, depth + 1, seen));
      if (value.length > MAX_ARRAY_ITEMS) items.push(`[${value.length - MAX_ARRAY_ITEMS} more]`);
      return items;
    }
    if (value instanceof Map) return this.#walkEntries([...value.entries()].map(([k, v]) => [String(k), v]), depth, seen);
    if (value instanceof Set) return this.#walk([...value], depth, seen);
    return this.#walkEntries(Object.entries(value), depth, seen);
  }

  #walkEntries(entries: [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const safeKey = this.redactText(key);
      if (SECRET_FIELD_NAME.test(key) && item !== null && item !== undefined && typeof item !== 'boolean') {
        out[safeKey] = REDACTED;
      } else {
        const walked = this.#walk(item, depth + 1, seen);
        if (walked !== undefined) out[safeKey] = walked;
      }
    }
    return out;
  }

  #walkError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = { name: err.name, message: this.redactText(err.message) };
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    if (err.stack) out.stack = this.redactText(err.stack);
    if (err.cause !== undefined) out.cause = this.#walk(err.cause, depth + 1, seen);
    return out;
  }
}
