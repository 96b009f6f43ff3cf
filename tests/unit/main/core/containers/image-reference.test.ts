import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../../../../src/main/core/containers/image-reference';
import { ContainerError } from '../../../../../src/main/core/containers/errors';

describe('parseImageReference', () => {
  it.each([
    ['busybox', { registry: null, repository: 'busybox', tag: null, canonical: 'busybox:latest' }],
    ['org/model:v1.2', { registry: null, repository: 'org/model', tag: 'v1.2', canonical: 'org/model:v1.2' }],
    ['ghcr.io/org/llama-3_8b:q4', { registry: 'ghcr.io', repository: 'ghcr.io/org/llama-3_8b', tag: 'q4' }],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'localhost:5000/x', canonical: 'localhost:5000/x:latest' }],
    ['127.0.0.1:5000/a/b:c', { registry: '127.0.0.1:5000', tag: 'c' }],
  ])('%s', (input, expected) => {
    expect(parseImageReference(input)).toMatchObject(expected);
  });

  it('keeps a digest and pulls by it', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`org/m:1@${digest}`)).toMatchObject({ tag: '1', digest, canonical: `org/m@${digest}` });
  });

  it.each([
    ['', /empty/],
    ['Bad_Ref!!', /lowercase/],
    ['Org/model', /lowercase/],
    ['org/model:', /tag/],
    ['org/model:-x', /tag/],
    ['org//model', /lowercase/],
    ['org/model@sha256:zz', /digest/],
    ['a b', /white space/],
    [`org/${'a'.repeat(300)}`, /longer than 255/],
  ])('refuses %j', (input, why) => {
    let caught: unknown;
    try {
      parseImageReference(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ContainerError);
    expect((caught as ContainerError).code).toBe('bad_reference');
    expect((caught as ContainerError).message).toMatch(why);
  });
});
