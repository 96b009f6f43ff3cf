/** A set of UTF-16 code units, as a lookup table. */
export type CharClass = Uint8Array;

export function charClass(chars: string): CharClass {
  const table = new Uint8Array(65536);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/**
 * Calls `onRun(start, end)` for every maximal run of characters of a class that is at least minLength long, in
 * order, looking at one character in minLength until it lands inside a run (see replaceRuns). Stops early when
 * `onRun` returns true.
 */
export function findRuns(text: string, cls: CharClass, minLength: number, onRun: (start: number, end: number) => boolean | void): void {
  const n = text.length;
  let i = 0;
  while (i + minLength <= n) {
    // Any run of minLength starting in [i, i + minLength - 1] covers position i + minLength - 1.
    const probe = i + minLength - 1;
    if (cls[text.charCodeAt(probe)] !== 1) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && cls[text.charCodeAt(start - 1)] === 1) start--;
    // The run must reach start + minLength - 1: look there first, and skip past it when it is not in the class.
    const far = start + minLength - 1;
    if (far >= n) return;
    if (cls[text.charCodeAt(far)] !== 1) {
      i = far + 1;
      continue;
    }
    let gap = probe + 1;
    while (gap < far && cls[text.charCodeAt(gap)] === 1) gap++;
    if (gap < far) {
      i = gap + 1;
      continue;
    }
    let end = far + 1;
    while (end < n && cls[text.charCodeAt(end)] === 1) end++;
    if (onRun(start, end) === true) return;
    i = end + 1;
  }
}

/**
 * Replaces every maximal run of characters of a class that is at least minLength long. Redaction runs over
 * every byte of a support bundle; a regular expression with a look-behind managed about 120 MB/s here, this
 * scan several times that, because it looks at one character in minLength until it lands inside a run.
 *
 * `replace` gets the run, the character before it and the one after it ('' at the ends of the text).
 */
export function replaceRuns(
  text: string,
  cls: CharClass,
  minLength: number,
  replace: (run: string, before: string, after: string) => string,
): string {
  let out = '';
  let copied = 0;
  findRuns(text, cls, minLength, (start, end) => {
    const run = text.slice(start, end);
    const replaced = replace(run, start > 0 ? text.charAt(start - 1) : '', text.charAt(end));
    if (replaced !== run) {
      out += text.slice(copied, start) + replaced;
      copied = end;
    }
  });
  return copied === 0 ? text : out + text.slice(copied);
}
