/**
 * The shapes in which an ed25519 secret key (ours or not) is written, as text functions for the redaction
 * rules (redaction-rules.ts), and the character runs each shape needs, for the cheap scan that finds text no
 * rule can change (redaction-triggers.ts). Sizes are chosen for a 64-byte key, so that a sha256 digest
 * (32 bytes, an image digest or a TLS fingerprint) stays readable; the node's own 32-byte seed is caught
 * exactly instead (secret-encodings.ts).
 */

import { charClass, replaceRuns } from './character-runs';

export const KEY_REDACTED = '[REDACTED:key]';

const BASE58 = '1-9A-HJ-NP-Za-km-z';
const BASE58_ONLY = new RegExp(`^[${BASE58}]+$`);
const HEX_ONLY = /^[0-9a-fA-F]+$/;

/** True when text has both an upper- and a lower-case ASCII letter (random base58/base64 always has). */
export function mixedCase(text: string): boolean {
  return /[A-Z]/.test(text) && /[a-z]/.test(text);
}

// --- One unbroken run of base64/base58/hex characters: a key, a wallet address, or neither. ---

export const TOKEN_CHARS = charClass('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-');
export const TOKEN_MIN_LENGTH = 32;
const BASE64_KEY = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g;
const BASE64URL_KEY = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{86}(?![A-Za-z0-9_-])/g;
const ALNUM_PIECE = /[A-Za-z0-9]{32,}/g;

/** One alphanumeric piece (bounded by non-alphanumerics): a key, a wallet address, or neither. */
function redactAlnumPiece(piece: string): string {
  if (piece.length >= 128 && HEX_ONLY.test(piece)) return KEY_REDACTED;
  if (!BASE58_ONLY.test(piece) || !mixedCase(piece)) return piece;
  if (piece.length >= 87) return KEY_REDACTED;
  if (piece.length <= 44) return `${piece.slice(0, 4)}…${piece.slice(-4)}`;
  return piece;
}

/** A run of token characters with keys removed and wallet addresses shortened to `AbCd…WxYz`. */
export function redactTokenRun(run: string): string {
  const out = run
    .replace(BASE64_KEY, () => KEY_REDACTED)
    .replace(BASE64URL_KEY, (m) => (mixedCase(m) ? KEY_REDACTED : m));
  return out.replace(ALNUM_PIECE, redactAlnumPiece);
}

// --- Bytes printed one by one: Node's <Buffer ..>, hex with separators, hex over several lines. ---

/** Node shows at most 50 bytes of a Buffer; 32 of a key's are as secret as the whole. */
const NODE_BUFFER = /<Buffer(?: [0-9a-f]{2}){32,}(?: \.\.\. \d+ more bytes?)?>/g;

export function redactNodeBuffers(text: string): string {
  if (!text.includes('<Buffer')) return text;
  NODE_BUFFER.lastIndex = 0;
  return text.replace(NODE_BUFFER, KEY_REDACTED);
}

/** Hex digits, the separators bytes are printed with, and line breaks: where byte dumps and byte arrays live. */
export const BYTE_DUMP_CHARS = charClass('0123456789abcdefABCDEFxX:-,[] \t\r\n');
/** 128 hex digits and one line break: the shortest 64-byte dump (the JSON array of 64 numbers is longer). */
export const BYTE_DUMP_MIN_LENGTH = 129;
const SEPARATED_HEX = /(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{2}(?:(?:[:\- ]|, ?)(?:0x)?[0-9a-fA-F]{2}){63,}(?![0-9A-Za-z])/g;
const HEX_LINES = /(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?:[ \t]*\r?\n[ \t]*[0-9a-fA-F]{16,})+(?![0-9A-Za-z])/g;

function redactByteDump(run: string): string {
  return run
    .replace(SEPARATED_HEX, KEY_REDACTED)
    .replace(HEX_LINES, (m) => (m.replace(/\s+/g, '').length >= 128 ? KEY_REDACTED : m));
}

/** 64 or more bytes as hex pairs with `:`, `-`, ` ` or `, ` between them, or 128+ hex digits over several lines. */
export function redactByteDumps(text: string): string {
  return replaceRuns(text, BYTE_DUMP_CHARS, BYTE_DUMP_MIN_LENGTH, redactByteDump);
}

// --- Percent-encoded keys (a key pasted into a URL): decoded, then judged by the shapes above. ---

const PERCENT_RUN = /[A-Za-z0-9%+/=_.~-]*%[0-9A-Fa-f]{2}[A-Za-z0-9%+/=_.~-]*/g;

function holdsKey(text: string): boolean {
  return replaceRuns(text, TOKEN_CHARS, TOKEN_MIN_LENGTH, redactTokenRun).includes(KEY_REDACTED);
}

export function redactPercentEncodedKeys(text: string): string {
  if (!text.includes('%')) return text;
  PERCENT_RUN.lastIndex = 0;
  return text.replace(PERCENT_RUN, (run) => {
    if (run.length < 86) return run;
    const decoded = run.replace(/%([0-9A-Fa-f]{2})/g, (_m, code: string) => String.fromCharCode(parseInt(code, 16)));
    return holdsKey(decoded) ? KEY_REDACTED : run;
  });
}

// --- Base58 written in groups ("4vJ9 JU1b JJE9 ..."), as a key is read out or wrapped. ---

export const BASE58_GROUP_CHARS = charClass('123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz ');
/** 87 base58 characters in groups of at most 12: at least 7 spaces. */
export const BASE58_GROUPS_MIN_LENGTH = 94;

/**
 * Words of one length (3 to 16 characters; the last may be shorter) that make 87+ base58 characters with both
 * cases and a digit. Prose never runs twenty words of equal length, so it is left alone.
 */
function redactGroupsInRun(run: string): string {
  const words = run.split(' ');
  const keep = words.map(() => true);
  for (let first = 0; first < words.length; ) {
    const size = words[first]!.length;
    let last = first;
    while (last + 1 < words.length && words[last + 1]!.length === size) last++;
    if (last + 1 < words.length && words[last + 1]!.length > 0 && words[last + 1]!.length < size) last++;
    const joined = words.slice(first, last + 1).join('');
    if (size >= 3 && size <= 16 && joined.length >= 87 && mixedCase(joined) && /[1-9]/.test(joined)) {
      for (let i = first; i <= last; i++) keep[i] = false;
    }
    first = last > first ? last : first + 1;
  }
  if (keep.every(Boolean)) return run;
  const out: string[] = [];
  words.forEach((word, i) => {
    if (keep[i]) out.push(word);
    else if (i === 0 || keep[i - 1]) out.push(KEY_REDACTED);
  });
  return out.join(' ');
}

export function redactBase58Groups(text: string): string {
  return replaceRuns(text, BASE58_GROUP_CHARS, BASE58_GROUPS_MIN_LENGTH, redactGroupsInRun);
}
