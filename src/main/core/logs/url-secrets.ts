/**
 * Addresses the owner types in (the grid's URL, a custom Solana RPC URL) may carry a key: providers put it in
 * the user info, the query (`?key=`, `?api-key=`) or the path (`…/v2/<key>`, or the whole first segment). Such
 * an address is logged and sent to support as its label only, and its secret parts are given to the redactor
 * so that they are erased wherever else they appear.
 */

/**
 * A URL as it may be shown, logged or sent to support: scheme and host only, with `/…` where anything else
 * was left out. Text that is not a URL becomes `unparsable` (it could be a key pasted in the wrong field).
 */
export function urlLabel(url: string, unparsable: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${holdsMoreThanOrigin(parsed) ? '/…' : ''}`;
  } catch {
    return unparsable;
  }
}

/**
 * The parts of a URL that may be a key (user info, path segments, query values and fragment of 8 or more
 * characters), for the redactor to erase wherever they appear. The rest stays readable in the log
 * (`https://grid.example.org/[REDACTED]?key=[REDACTED]`); a bare origin names nothing.
 */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    if (!holdsMoreThanOrigin(parsed)) return [];
    const parts = [parsed.username, parsed.password, ...parsed.pathname.split('/'), ...parsed.searchParams.values(), parsed.hash.slice(1)];
    return parts.filter((p) => p.length >= 8);
  } catch {
    return url.length >= 8 ? [url] : [];
  }
}

function holdsMoreThanOrigin(url: URL): boolean {
  return url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '' || url.hash !== '';
}
