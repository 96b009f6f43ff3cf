import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateJobDefinition } from '../../../../../src/main/core/jobs/job-policy';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/jobs', name), 'utf8')) as unknown;

function codesOf(input: unknown): string[] {
  const result = validateJobDefinition(input);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe('job definitions: the Nosana v0.1 dialect', () => {
  it('accepts a well-formed inference job', () => {
    const result = validateJobDefinition(fixture('valid-inference.json'));
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.definition.ops[1]?.args as { image: string }).image).toBe('docker.io/ollama/ollama:0.3.12');
  });

  it('accepts the local grid sample job', async () => {
    const { sampleInferenceJob } = await import('../../../../../tools/local-grid/sample-job');
    expect(validateJobDefinition(sampleInferenceJob({ image: 'gridhost-test/busybox:latest', durationSeconds: 3, gpu: false })).ok).toBe(true);
  });

  it.each([
    ['hostile-host-path-volume.json', 'host_mount', 'ops[1].args.volumes[0].name'],
    ['hostile-binds.json', 'host_mount', 'ops[1].args.binds'],
    ['hostile-privileged.json', 'privileged', 'ops[1].args.privileged'],
    ['hostile-docker-socket.json', 'docker_socket', 'ops[1].args.volumes[0].name'],
    ['hostile-host-network.json', 'host_namespace', 'ops[1].args.network_mode'],
    ['absurd-vram.json', 'absurd_resources', 'meta.system_resources.required_vram'],
    ['bad-image.json', 'bad_image', 'ops[1].args.image'],
    ['duplicate-op-id.json', 'shape', 'ops'],
    ['unsupported-op.json', 'shape', 'ops[1].args'],
    ['hostile-bad-alias.json', 'unsupported', 'ops[0].args.aliases[0]'],
    ['hostile-too-many-aliases.json', 'absurd_resources', 'ops[0].args.aliases'],
  ])('refuses %s with %s at %s', (name, code, path) => {
    const result = validateJobDefinition(fixture(name));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(expect.objectContaining({ code, path }));
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(20);
  });

  it('reports every problem at once', () => {
    const hostile = fixture('hostile-privileged.json') as { ops: { args: Record<string, unknown> }[] };
    expect(codesOf(hostile)).toEqual(['privileged', 'privileged']);
  });

  it('finds the Docker socket anywhere, even in a command', () => {
    const job = fixture('valid-inference.json') as { ops: { args: Record<string, unknown> }[] };
    job.ops[1]!.args.cmd = ['sh', '-c', 'curl --unix-socket /var/run/docker.sock http://x/containers/json'];
    expect(codesOf(job)).toEqual(['docker_socket']);
  });

  it('lets env hold variables whose names look like privileged fields', () => {
    const job = fixture('valid-inference.json') as { ops: { args: { env: Record<string, string> } }[] };
    job.ops[1]!.args.env = { user: 'alice', privileged: 'no' };
    expect(validateJobDefinition(job).ok).toBe(true);
  });

  it('refuses volumes over system directories and paths that climb out', () => {
    const job = fixture('valid-inference.json') as { ops: { args: { volumes: unknown[] } }[] };
    job.ops[1]!.args.volumes = [
      { name: 'models', dest: '/proc' },
      { name: 'models', dest: '/srv/../etc' },
    ];
    expect(codesOf(job)).toEqual(['reserved_path', 'reserved_path']);
  });

  it.each(['//etc', '/./etc', '//proc', '//usr/lib', '/usr/lib', '/etc/ssl', '/tmp', '/var', '/run', '/var/run'])(
    'refuses the volume destination %s (normalised first, one list with the container supervisor)',
    (dest) => {
      const job = fixture('valid-inference.json') as { ops: { args: { volumes: unknown[] } }[] };
      job.ops[1]!.args.volumes = [{ name: 'models', dest }];
      expect(codesOf(job)).toEqual(['reserved_path']);
    },
  );

  it('refuses ports that are not ports, oversize definitions, and non-objects', () => {
    const job = fixture('valid-inference.json') as { ops: { args: Record<string, unknown> }[] };
    job.ops[1]!.args.expose = [70000];
    expect(codesOf(job)).toEqual(['absurd_resources']);
    const huge = fixture('valid-inference.json') as { meta: { description: string } };
    huge.meta.description = 'x'.repeat(300 * 1024);
    expect(codesOf(huge)).toEqual(['too_large']);
    expect(codesOf([1, 2])).toEqual(['not_json_object']);
    expect(codesOf(null)).toEqual(['not_json_object']);
    expect(codesOf({ version: '0.2', type: 'container', ops: [] })).toContain('shape');
  });
});
