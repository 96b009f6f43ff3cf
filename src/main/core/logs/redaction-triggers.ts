/**
 * Where in a text a redaction rule could change something: the cheap scan that lets the support bundle pass
 * the bytes of ordinary log lines through untouched and redact only the lines around a suspect, and lets the
 * redactor return a log field that holds none at once.
 *
 * Each rule of redaction-rules.ts needs one of these, which is what makes the scan safe:
 * - a secret's name (password, token, key, auth, cookie, ...) followed by `:`, `=` or a space (named fields,
 *   headers, query parameters, plain-text credentials; the value may be on the next line);
 * - `@` (e-mail addresses, `user:password@` in URLs), `%XX` (percent-encoded keys), `<Buffer`, `/home/` and
 *   `Users/` or `Users\` (home folders);
 * - a run of characters as long as the shortest secret of that alphabet: 32 base64/base58/hex characters
 *   (keys, wallet addresses), 47 lowercase letters and spaces (seed phrases), 129 hex digits, separators and
 *   line breaks (byte dumps and arrays of 64 numbers), 94 base58 characters and spaces (base58 in groups);
 * - a secret the redactor was told exactly (needles), unless it is itself such a run.
 *
 * The scan reads strings only with charCodeAt, indexOf and one regular expression, so it works the same on a
 * JavaScript string and on a latin1 view of raw bytes (where offsets are byte offsets).
 */

import { findRuns } from './character-runs';
import {
  BASE58_GROUP_CHARS,
  BASE58_GROUPS_MIN_LENGTH,
  BYTE_DUMP_CHARS,
  BYTE_DUMP_MIN_LENGTH,
  TOKEN_CHARS,
  TOKEN_MIN_LENGTH,
} from './key-shapes';
import { SEED_MIN_LENGTH, WORD_CHARS } from './redaction-rules';

/** A place a rule could act on: [start, end). */
export interface Suspect {
  start: number;
  end: number;
  /** The secret may go on to the next line (a value after its name). */
  nextLine: boolean;
  /** The span is the whole secret (a run, an exact secret); else it only marks one (a name, an `@`). */
  whole: boolean;
}

const NAME_WORDS = /pass|pwd|secret|token|key|auth|cookie|mnemonic|seed|phrase/gi;
const NAME_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') NAME_CHARS[c.charCodeAt(0)] = 1;
const LITERALS = ['@', '<Buffer', '/home/', 'Users/', 'Users\\'];
const RUNS: ReadonlyArray<readonly [Uint8Array, number]> = [
  [TOKEN_CHARS, TOKEN_MIN_LENGTH],
  [WORD_CHARS, SEED_MIN_LENGTH],
  [BYTE_DUMP_CHARS, BYTE_DUMP_MIN_LENGTH],
  [BASE58_GROUP_CHARS, BASE58_GROUPS_MIN_LENGTH],
];

/** True when a character is a space, a tab, a line break, `:` or `=`: what follows a secret's name. */
function isNameEnd(code: number): boolean {
  return code === 0x3a || code === 0x3d || code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Exact secrets grouped by a common beginning, so that the text is searched once per group: a key and its seed
 * half start alike in every encoding (the seed is the key's first 32 bytes), which halves the searches.
 */
export interface NeedleGroup {
  /** What every member starts with. */
  prefix: string;
  members: readonly string[];
}

/** How many first characters put two secrets in one group; their whole common beginning is then searched. */
const GROUP_KEY_CHARS = 8;

export function groupNeedles(needles: readonly string[]): NeedleGroup[] {
  const byKey = new Map<string, string[]>();
  for (const needle of new Set(needles)) {
    const key = needle.slice(0, GROUP_KEY_CHARS);
    byKey.set(key, [...(byKey.get(key) ?? []), needle]);
  }
  return [...byKey.values()].map((members) => {
    let prefix = members[0]!;
    for (const member of members) {
      let n = 0;
      while (n < prefix.length && n < member.length && prefix.charCodeAt(n) === member.charCodeAt(n)) n++;
      prefix = prefix.slice(0, n);
    }
    return { prefix, members };
  });
}

/**
 * The suspects in `text`, in no particular order; with `firstOnly`, at most one (to ask whether there is any).
 * `needles` are exact secrets written the way `text` is (UTF-8 bytes as latin1 for a byte view), grouped.
 */
export function findSuspects(text: string, needles: readonly NeedleGroup[], firstOnly = false): Suspect[] {
  const found: Suspect[] = [];
  const add = (start: number, end: number, nextLine = false, whole = false): boolean => {
    found.push({ start, end, nextLine, whole });
    return firstOnly;
  };
  NAME_WORDS.lastIndex = 0;
  for (let m = NAME_WORDS.exec(text); m !== null; m = NAME_WORDS.exec(text)) {
    let at = NAME_WORDS.lastIndex;
    while (at < text.length && NAME_CHARS[text.charCodeAt(at)] === 1) at++;
    if (text.charCodeAt(at) === 0x5c) at++; // \" inside a JSON string
    const quote = text.charCodeAt(at);
    if (quote === 0x22 || quote === 0x27) at++;
    NAME_WORDS.lastIndex = at;
    if (at < text.length && isNameEnd(text.charCodeAt(at)) && add(m.index, at + 1, true)) return found;
  }
  for (const literal of LITERALS) {
    for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) {
      if (add(at, at + literal.length)) return found;
    }
  }
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
    if (isHex(text.charCodeAt(at + 1)) && isHex(text.charCodeAt(at + 2)) && add(at, at + 3)) return found;
  }
  for (const [cls, min] of RUNS) {
    let stop = false;
    findRuns(text, cls, min, (start, end) => (stop = add(start, end, false, true)));
    if (stop) return found;
  }
  for (const { prefix, members } of needles) {
    // Each member's occurrences do not overlap, as if it were searched alone.
    const nextFrom = members.map(() => 0);
    for (let at = text.indexOf(prefix); at !== -1; at = text.indexOf(prefix, at + 1)) {
      for (let m = 0; m < members.length; m++) {
        const member = members[m]!;
        if (at < nextFrom[m]! || !text.startsWith(member, at)) continue;
        nextFrom[m] = at + member.length;
        if (add(at, at + member.length, false, true)) return found;
      }
    }
  }
  return found;
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** Whether an exact secret is found by the run scan anyway (a key in base58, hex or base64), so needs no search. */
export function foundByRuns(secret: string): boolean {
  if (secret.length < TOKEN_MIN_LENGTH) return false;
  for (let i = 0; i < secret.length; i++) if (TOKEN_CHARS[secret.charCodeAt(i)] !== 1) return false;
  return true;
}
