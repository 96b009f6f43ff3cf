/** One link of an RFC 8288 `Link` header: `<target>; param=value; ...`, the value bare or quoted. */
const LINK = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,\s]*))?)*)/g;
const PARAM = /;\s*([^;,=\s]+)(?:\s*=\s*(?:"([^"]*)"|([^;,\s]*)))?/g;

/**
 * The target of the `rel="next"` link of a `Link` header (RFC 8288), as written (maybe relative), or null. Hugging
 * Face pages its repository listings this way; `rel` may hold several space-separated relation types.
 */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const [, target = '', params = ''] of header.matchAll(LINK)) {
    for (const [, name = '', quoted, bare] of params.matchAll(PARAM)) {
      if (name.toLowerCase() !== 'rel') continue;
      const relations = (quoted ?? bare ?? '').toLowerCase().split(/\s+/);
      if (relations.includes('next')) return target;
    }
  }
  return null;
}
