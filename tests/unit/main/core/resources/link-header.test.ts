import { describe, expect, it } from 'vitest';
import { nextLink } from '../../../../../src/main/core/resources/link-header';

describe('nextLink: the rel="next" target of an RFC 8288 Link header', () => {
  it('reads the Hub\'s header, its cursor query kept whole', () => {
    const target = 'https://huggingface.co/api/models/acme/tiny/tree/main?recursive=true&cursor=ZXlKbWFXeGxYMjVoYldVaU9pSjNaV2xuYUhSekluMD0%3D';
    expect(nextLink(`<${target}>; rel="next"`)).toBe(target);
  });

  it('finds next among several links, bare or quoted, in any case, with other parameters and relations', () => {
    expect(nextLink('<https://h/a?p=1>; rel="prev", <https://h/a?p=3>; title="page, three"; REL=Next')).toBe('https://h/a?p=3');
    expect(nextLink('</tree?cursor=2>;rel="last next"')).toBe('/tree?cursor=2');
    expect(nextLink('<https://h/a,b?p=2>; rel=next')).toBe('https://h/a,b?p=2');
  });

  it('is null without a next link', () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink('')).toBeNull();
    expect(nextLink('<https://h/a?p=1>; rel="prev"')).toBeNull();
    expect(nextLink('<https://h/a?p=1>; rel="nextpage"')).toBeNull();
    expect(nextLink('https://h/a?p=2; rel="next"')).toBeNull();
  });
});
