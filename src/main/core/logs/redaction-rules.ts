/**
 * The shapes of secrets and personal data that never reach a log file or a support bundle, as text rules.
 * Each rule is one global regular expression and its replacement; they run in this order over any text (a log
 * line, a whole chunk of a log file, a JSON document). Every replacement is stable under a second pass, so text
 * that was redacted when written can be redacted again at export without changing.
 *
 * Choices (docs/support.md, "Redaction"):
 * - Anything shaped like an ed25519 secret key is redacted even when it is not ours: a JSON array of 64 small
 *   integers, 128+ hex digits, 87+ base58 characters, 86 base64 characters and "==" (64 bytes), 86 base64url
 *   characters, and the same bytes printed otherwise (key-shapes.ts: Node's <Buffer>, hex pairs with
 *   separators or over lines, percent-encoded, base58 in groups). A sha256 digest (64 hex digits) is not a key
 *   and survives, so image digests stay readable.
 * - Credentials by name: fields, headers, query parameters, `name=value` and `name: value`, and a name, a space
 *   and a value with a digit or "_" ("token tok_1a2b") in text that is not JSON.
 * - Seed phrases: no BIP39 word list ships with our dependencies, so a run of 12 or more lowercase words of
 *   3 to 8 letters separated by single spaces (the shape of every BIP39 English phrase) is redacted. Ordinary
 *   prose rarely goes twelve words without a short word, a capital, a digit or punctuation; when it does, a
 *   little prose is hidden, which is the safe way to be wrong.
 * - Wallet addresses (32-44 base58 characters with both upper- and lower-case letters, so that hex ids and
 *   words are left alone) are shortened to `AbCd…WxYz`: support can still tell two addresses apart.
 */

import { charClass, replaceRuns } from './character-runs';
import {
  KEY_REDACTED,
  redactBase58Groups,
  redactByteDumps,
  redactNodeBuffers,
  redactPercentEncodedKeys,
  redactTokenRun,
  TOKEN_CHARS,
  TOKEN_MIN_LENGTH,
} from './key-shapes';

/** What a redacted secret becomes. */
export const REDACTED = '[REDACTED]';

export interface RedactionRule {
  /** Shown in tests and docs. */
  readonly name: string;
  /** The text with this rule applied. */
  readonly apply: (text: string) => string;
  /**
   * A cheap test that text the rule could change always passes (a word or a literal its pattern requires); text
   * that fails it is left as it is without running the rule. Rules in a row may share one, tested once.
   */
  readonly needs?: RegExp;
}

const ALNUM_BEFORE_OR_AFTER = /[A-Za-z0-9]/;

function regexRule(name: string, pattern: RegExp, replace: (match: string, ...groups: string[]) => string, needs?: RegExp): RedactionRule {
  return {
    name,
    needs,
    apply: (text) => {
      pattern.lastIndex = 0;
      return text.replace(pattern, replace as (m: string, ...g: unknown[]) => string);
    },
  };
}

// --- Seed phrases: runs of lowercase words. ---

export const WORD_CHARS = charClass('abcdefghijklmnopqrstuvwxyz ');
export const SEED_MIN_LENGTH = 12 * 3 + 11;
const SEED_PHRASE = /(?<![a-z])(?:[a-z]{3,8} ){11,}[a-z]{3,8}(?![a-z])/g;

function redactWordRun(run: string, before: string, after: string): string {
  // A run that starts or ends inside a longer word ("Foo bar ...", "... baz9") does not own that word.
  let head = '';
  let body = run;
  let tail = '';
  if (ALNUM_BEFORE_OR_AFTER.test(before)) {
    const cut = body.indexOf(' ') + 1;
    head = cut > 0 ? body.slice(0, cut) : body;
    body = cut > 0 ? body.slice(cut) : '';
  }
  if (ALNUM_BEFORE_OR_AFTER.test(after)) {
    const cut = body.lastIndexOf(' ');
    tail = cut >= 0 ? body.slice(cut) : body;
    body = cut >= 0 ? body.slice(0, cut) : '';
  }
  if (body.length < SEED_MIN_LENGTH) return run;
  return head + body.replace(SEED_PHRASE, '[REDACTED:seed-phrase]') + tail;
}

// --- E-mail addresses: found from each '@', which is rare, rather than from every letter. ---

const EMAIL_LOCAL = charClass('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-');
const EMAIL_DOMAIN = charClass('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-');
const EMAIL_DOMAIN_SHAPE = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

function redactEmails(text: string): string {
  let at = text.indexOf('@');
  if (at === -1) return text;
  let out = '';
  let copied = 0;
  while (at !== -1) {
    let start = at;
    while (start > copied && EMAIL_LOCAL[text.charCodeAt(start - 1)] === 1) start--;
    let end = at + 1;
    while (end < text.length && EMAIL_DOMAIN[text.charCodeAt(end)] === 1) end++;
    const domain = EMAIL_DOMAIN_SHAPE.exec(text.slice(at + 1, end));
    if (start < at && domain) {
      out += `${text.slice(copied, start)}[REDACTED:email]`;
      copied = at + 1 + domain[0].length;
    }
    at = text.indexOf('@', Math.max(at + 1, copied));
  }
  return out + text.slice(copied);
}

// Field names whose values are secrets, as the end of a name: registryPassword, headless_token, apiKey,
// "secretKey". Plural or longer names (maxTokens, tokenizer) are counts and settings, not secrets.
export const SECRET_NAME_END = '(?:password|passwd|passphrase|secret|secret[_-]?key|private[_-]?key|token|api[_-]?key|access[_-]?key|mnemonic|seed[_-]?phrase|auth)';
/**
 * Every credential name of the rules below holds one of these words (authorization, x-api-key, set-cookie,
 * passphrase, private_key, seed_phrase...), matched with the same case folding; most suspect lines hold none.
 */
const CREDENTIAL_WORD = /pass|pwd|secret|token|key|auth|cookie|mnemonic|seed/i;

/** In the order they run. */
export const REDACTION_RULES: readonly RedactionRule[] = [
  regexRule('key-byte-array', /\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]/g, () => KEY_REDACTED, /\[/),
  regexRule(
    'authorization-header',
    /\b((?:proxy-)?authorization|x-api-key|x-auth-token|cookie|set-cookie)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|digest|token|bot)\s+)?(?!\[REDACTED|(?:bearer|basic|digest|token|bot)\s)[^\s"',;}]+/gi,
    (_m, name: string, sep: string, scheme?: string) => `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    CREDENTIAL_WORD,
  ),
  regexRule('url-credentials', /:\/\/([^\s:@/"']+):(?!\[REDACTED)[^\s@/"']+@/g, (_m, user: string) => `://${user}:${REDACTED}@`, /@/),
  regexRule(
    'query-secret',
    /([?&;][A-Za-z0-9_.-]*?(?:token|secret|password|passwd|pwd|api[_-]?key|access[_-]?key|auth)=)(?!\[REDACTED)[^&\s"'#<>]+/gi,
    (_m, head: string) => `${head}${REDACTED}`,
    CREDENTIAL_WORD,
  ),
  regexRule(
    'secret-named-field',
    new RegExp(String.raw`(${SECRET_NAME_END}["']?\s*[:=]\s*)(?!\\?"?\[REDACTED)(\\"(?:[^"\\\n]|\\[^"\n])*\\"|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|(?:[^\s,;&"'{}\[\]\\]|\\(?!"))+)`, 'gi'),
    // A quoted value inside a JSON string has escaped quotes (\"...\"): they stay escaped so the line stays JSON.
    (_m, head: string, value: string) =>
      value.startsWith('\\"') ? `${head}\\"${REDACTED}\\"` : value.startsWith('"') ? `${head}"${REDACTED}"` : `${head}${REDACTED}`,
    CREDENTIAL_WORD,
  ),
  // "token tok_…", "api_key ak_…", "Password hunter2" outside JSON: a value with a digit or "_" after the name
  // and a space. A plain word there ("token expired", "password changed") is left alone.
  regexRule(
    'secret-named-plain-text',
    new RegExp(String.raw`(${SECRET_NAME_END}[ 	]+)(?!\[REDACTED)(?=[^\s"',;]*[0-9_])[^\s"',;]{6,}`, 'gi'),
    (_m, head: string) => `${head}${REDACTED}`,
    CREDENTIAL_WORD,
  ),
  { name: 'node-buffer', apply: redactNodeBuffers },
  { name: 'byte-dumps', apply: redactByteDumps },
  { name: 'percent-encoded-key', apply: redactPercentEncodedKeys },
  { name: 'base58-groups', apply: redactBase58Groups },
  { name: 'key-shapes-and-wallet-addresses', apply: (text) => replaceRuns(text, TOKEN_CHARS, TOKEN_MIN_LENGTH, redactTokenRun) },
  { name: 'email', apply: redactEmails },
  { name: 'seed-phrase', apply: (text) => replaceRuns(text, WORD_CHARS, SEED_MIN_LENGTH, redactWordRun) },
  regexRule(
    'home-folder',
    // Also matches Windows paths inside JSON text, where each backslash is written twice.
    // A name with spaces ("Alice Smith") is taken whole when a path separator follows it.
    /(\/home\/|\/Users\/|\b[A-Za-z]:(?:\\{1,2}|\/)Users(?:\\{1,2}|\/))(?!<user>)(?:[^/\\\s"'<>:*?|]+(?: [^/\\\s"'<>:*?|]+)+(?=[/\\])|[^/\\\s"'<>:*?|]+)/g,
    (_m, head: string) => `${head}<user>`,
    /\/home\/|Users/,
  ),
];
