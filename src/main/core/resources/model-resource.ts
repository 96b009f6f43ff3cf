import { createHash } from 'node:crypto';
import { checkMountTarget } from '../containers/mount-targets';
import { ResourceError } from './resource-error';

/** One place a model's files come from: a Hugging Face repository at a revision, or an S3 prefix. */
export type ModelSource =
  | { kind: 'hf'; repo: string; revision: string; files: string[] | null; accessToken: string | null }
  | { kind: 's3'; prefix: string; files: string[] | null };

/** An op's model resource as GridHost fetches it: its sources, where it is mounted, and its cache key. */
export interface ModelResource {
  /** The cache entry: the same sources always make the same key, so the next job finds them. */
  key: string;
  /** How the owner and the job's poster read it (`HF meta-llama/Llama-3@main`), never a token. */
  label: string;
  target: string;
  sources: ModelSource[];
}

const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$/;
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;
const FILE = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._@+=-][A-Za-z0-9._@+=/ -]{0,511}$/;
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})(\/[A-Za-z0-9._@+=/ -]{0,1000})?$/;
const MAX_RESOURCES = 8;

/**
 * Reads an op's `resources` (the Nosana shapes of `@nosana/types`: HF repositories and S3 files). Ollama models
 * and signed S3 buckets are refused with the reason, as is anything GridHost could not fetch safely.
 */
export function parseModelResources(resources: unknown): ModelResource[] {
  if (resources === undefined) return [];
  if (!Array.isArray(resources)) throw refuse('"resources" must be a list.');
  if (resources.length > MAX_RESOURCES) throw refuse(`an op may name at most ${MAX_RESOURCES} resources.`);
  const parsed = resources.map((r, i) => parseOne(r, i));
  const targets = new Set<string>();
  for (const r of parsed) {
    if (targets.has(r.target)) throw refuse(`two resources are mounted at "${r.target}".`);
    targets.add(r.target);
  }
  return parsed;
}

function parseOne(raw: unknown, index: number): ModelResource {
  const at = `resources[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw refuse(`${at} must be an object.`);
  const r = raw as Record<string, unknown>;
  if (r.type === 'Ollama') {
    throw refuse(`${at} is an Ollama model ("${String(r.model).slice(0, 100)}"); GridHost does not fetch Ollama models. Pull the model inside the op, or publish it as an HF repository or S3 files.`);
  }
  const target = parseTarget(r.target, at);
  const files = parseFiles(r.files, at);
  if (r.type === 'HF') {
    if (typeof r.repo !== 'string' || !REPO.test(r.repo)) throw refuse(`${at}.repo must be a Hugging Face repository like "owner/name".`);
    const revision = r.revision === undefined ? 'main' : r.revision;
    if (typeof revision !== 'string' || !REVISION.test(revision)) throw refuse(`${at}.revision must be a branch, tag or commit.`);
    const accessToken = typeof r.accessToken === 'string' && r.accessToken.length > 0 ? r.accessToken : null;
    const source: ModelSource = { kind: 'hf', repo: r.repo, revision, files, accessToken };
    return { key: keyOf([source]), label: `HF ${r.repo}@${revision}`, target, sources: [source] };
  }
  if (r.type === 'S3') {
    if (r.IAM !== undefined) throw refuse(`${at} asks for signed S3 access (IAM); GridHost fetches public S3 objects only.`);
    const sources: ModelSource[] = [];
    if (r.url !== undefined) sources.push({ kind: 's3', prefix: parseS3Url(r.url, `${at}.url`), files });
    if (r.bucket !== undefined) sources.push({ kind: 's3', prefix: parseS3Url(`s3://${String(r.bucket)}`, `${at}.bucket`), files });
    if (r.buckets !== undefined) {
      if (!Array.isArray(r.buckets) || r.buckets.length === 0 || r.buckets.length > MAX_RESOURCES) throw refuse(`${at}.buckets must list 1 to ${MAX_RESOURCES} buckets.`);
      r.buckets.forEach((b: unknown, i) => {
        const bucket = (b ?? {}) as Record<string, unknown>;
        sources.push({ kind: 's3', prefix: parseS3Url(bucket.url, `${at}.buckets[${i}].url`), files: parseFiles(bucket.files, `${at}.buckets[${i}]`) });
      });
    }
    if (sources.length === 0) throw refuse(`${at} names no S3 location: give "url" (s3://bucket/prefix), "bucket" or "buckets".`);
    return { key: keyOf(sources), label: `S3 ${sources.map((s) => (s.kind === 's3' ? s.prefix : '')).join(', ')}`, target, sources };
  }
  throw refuse(`${at}.type must be "HF", "S3" or "Ollama".`);
}

function parseTarget(target: unknown, at: string): string {
  if (typeof target !== 'string') throw refuse(`${at}.target must be the absolute path the model is mounted at.`);
  const checked = checkMountTarget(target);
  if (!checked.ok) throw refuse(`${at}.target "${target.slice(0, 200)}": ${checked.message}`);
  return checked.target;
}

function parseFiles(files: unknown, at: string): string[] | null {
  if (files === undefined) return null;
  if (!Array.isArray(files) || files.length === 0 || files.length > 4096) throw refuse(`${at}.files must list 1 to 4096 file paths.`);
  for (const f of files) {
    if (typeof f !== 'string' || !FILE.test(f)) throw refuse(`${at}.files has "${String(f).slice(0, 200)}", which is not a relative file path inside the repository.`);
  }
  return [...(files as string[])].sort();
}

function parseS3Url(url: unknown, at: string): string {
  const match = typeof url === 'string' ? S3_URL.exec(url) : null;
  if (!match) throw refuse(`${at} must be an S3 location like "s3://bucket/prefix".`);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.')) throw refuse(`${at} must not contain "." or ".." parts.`);
  const bucket = match[1] ?? '';
  return prefix ? `${bucket}/${prefix}` : bucket;
}

function keyOf(sources: ModelSource[]): string {
  const identity = sources.map((s) => (s.kind === 'hf' ? { kind: s.kind, repo: s.repo, revision: s.revision, files: s.files } : s));
  return `m-${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32)}`;
}

function refuse(why: string): ResourceError {
  return new ResourceError('job', `The job's model resource is refused: ${why}`);
}
