import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DnsHostResolver } from '../../../src/main/adapters/dns/dns-host-resolver';
import { createResourceHttp } from '../../../src/main/adapters/http/resource-http';
import { parseModelResources, type ModelSource } from '../../../src/main/core/resources/model-resource';
import { SourceClient } from '../../../src/main/core/resources/source-client';
import { FakeModelServer } from '../../support/resources/fake-model-server';

const never = new AbortController().signal;

/** A local Hub and S3 endpoint over real HTTP for each test, paging its listings two entries a page. */
function pagedEndpoint(): { server: () => FakeModelServer; client: () => SourceClient } {
  let server: FakeModelServer;
  let client: SourceClient;
  beforeEach(async () => {
    server = new FakeModelServer();
    server.listingPageSize = 2;
    await server.start();
    const base = server.url;
    client = new SourceClient(createResourceHttp(), new DnsHostResolver(), () => ({ hfEndpoint: base, s3Endpoint: base }));
  });
  afterEach(async () => {
    await server.stop();
  });
  return { server: () => server, client: () => client };
}

/** A Hugging Face repository listed over pages (the `Link` header's rel="next"), against a local Hub over real HTTP. */
describe('a Hugging Face listing over several pages', () => {
  const { server, client } = pagedEndpoint();
  const files = Object.fromEntries(['a.json', 'b.json', 'weights/1.bin', 'weights/2.bin', 'weights/3.bin'].map((p) => [p, { content: `content of ${p}`, lfs: p.endsWith('.bin') }]));
  beforeEach(() => server().addRepo('acme/paged', files));

  const source = (extra: Record<string, unknown> = {}): ModelSource => parseModelResources([{ type: 'HF', repo: 'acme/paged', target: '/m', ...extra }])[0]!.sources[0]!;
  const cursors = () => server().listings.map((l) => new URL(l.url, 'http://x').searchParams.get('cursor'));

  it('follows rel="next" over three pages, the access token on each, and lists every file with its size and hash', async () => {
    const listed = await client().listFiles(source({ accessToken: 'hf_secret' }), never);
    expect(cursors()).toEqual([null, '2', '4']);
    expect(server().listings.map((l) => l.authorization)).toEqual(['Bearer hf_secret', 'Bearer hf_secret', 'Bearer hf_secret']);
    expect(listed.map((f) => f.path)).toEqual(Object.keys(files));
    const last = listed.find((f) => f.path === 'weights/3.bin')!;
    expect(last).toMatchObject({ url: `${server().url}/acme/paged/resolve/main/weights/3.bin`, size: 'content of weights/3.bin'.length, sha256: createHash('sha256').update('content of weights/3.bin').digest('hex') });
  });

  it('stops paging once the files a job names are all found', async () => {
    const listed = await client().listFiles(source({ files: ['b.json'] }), never);
    expect(listed.map((f) => f.path)).toEqual(['b.json']);
    expect(cursors()).toEqual([null]);
  });

  it('refuses a next page on another origin, even one that answers, with the reason, before asking it', async () => {
    server().listingLinkOrigin = server().url.replace('127.0.0.1', 'localhost');
    const listing = client().listFiles(source({ accessToken: 'hf_secret' }), never);
    await expect(listing).rejects.toMatchObject({
      fault: 'host',
      message: `The file listing of the Hugging Face repository acme/paged@main names its next page on ${server().listingLinkOrigin}, not on the Hugging Face endpoint ${server().url}; GridHost follows listing pages only there. Check the setting resources.hfEndpoint.`,
    });
    expect(server().listings).toHaveLength(1);
  });

  it('gives up after 100 pages with the reason, as the job\'s fault', async () => {
    server().addRepo('acme/huge', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}.txt`, { content: String(i) }])));
    server().listingPageSize = 1;
    const huge = parseModelResources([{ type: 'HF', repo: 'acme/huge', target: '/m' }])[0]!.sources[0]!;
    await expect(client().listFiles(huge, never)).rejects.toMatchObject({
      fault: 'job',
      message: expect.stringMatching(/^The Hugging Face repository acme\/huge@main lists its files over more than 100 pages, the most GridHost reads\. A job may fetch/),
    });
    expect(server().listings).toHaveLength(100);
  });
});

/** An S3 prefix listed over pages (ListObjectsV2's continuation token), against a local endpoint over real HTTP. */
describe('an S3 listing over several pages', () => {
  const { server, client } = pagedEndpoint();

  const s3 = (url: string): ModelSource => parseModelResources([{ type: 'S3', url, target: '/m' }])[0]!.sources[0]!;
  const tokens = () => server().listings.map((l) => new URL(l.url, 'http://x').searchParams.get('continuation-token'));

  it('follows the continuation token over three pages and lists every object under the prefix', async () => {
    server().addBucket('models', Object.fromEntries(['llama/a', 'llama/b', 'llama/c', 'llama/d', 'llama/e', 'other/x'].map((k) => [k, `body of ${k}`])));
    const listed = await client().listFiles(s3('s3://models/llama'), never);
    expect(tokens()).toEqual([null, '2', '4']);
    expect(listed.map((f) => f.path)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(listed[4]).toMatchObject({ url: `${server().url}/models/llama/e`, size: 'body of llama/e'.length });
  });

  it('refuses a listing longer than 100 pages rather than fetch part of the model, as the job\'s fault', async () => {
    server().addBucket('huge', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`m/f${i}`, String(i)])));
    server().listingPageSize = 1;
    await expect(client().listFiles(s3('s3://huge/m'), never)).rejects.toMatchObject({
      fault: 'job',
      message: expect.stringMatching(/^The S3 location s3:\/\/huge\/m lists its files over more than 100 pages, the most GridHost reads\./),
    });
    expect(server().listings).toHaveLength(100);
  });

  it('refuses a truncated listing that names no next page rather than fetch part of the model', async () => {
    server().addBucket('models', { 'llama/a': 'a', 'llama/b': 'b', 'llama/c': 'c' });
    server().omitContinuationToken = true;
    await expect(client().listFiles(s3('s3://models/llama'), never)).rejects.toMatchObject({
      fault: 'host',
      message: 'The listing of the S3 location s3://models/llama says it goes on but names no next page, so the model cannot be listed whole. Check the setting resources.s3Endpoint.',
    });
  });
});
