/**
 * Orders dotted version strings numerically ("525.60.13" > "525.60", "1.17.10" > "1.17.8"); a part that is
 * not a number (a suffix like "-rc1" or "+dfsg1") is cut off. Returns <0, 0 or >0 like a sort comparator.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The first dotted version number in a text ("Docker version 20.10.24+dfsg1" -> "20.10.24"), or null. */
export function findVersion(text: string): string | null {
  return /\d+(?:\.\d+)+/.exec(text)?.[0] ?? null;
}
