import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateJobDefinition } from '../../../../../src/main/core/jobs/job-policy';

const dir = join(__dirname, '../../../../fixtures/jobs');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const accepted = (f: string) => f.startsWith('real-') || f.startsWith('valid-');

describe('the job definition corpus (tests/fixtures/jobs)', () => {
  it('holds at least 40 definitions, hostile and real', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter(accepted).length).toBeGreaterThanOrEqual(15);
  });

  it.each(files.filter(accepted))('accepts %s', (file) => {
    const result = validateJobDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each(files.filter((f) => !accepted(f)))('refuses %s with a problem at its JSON path', (file) => {
    const result = validateJobDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const p of result.problems) {
      expect(p.message.length).toBeGreaterThan(20);
      expect(p.path).toMatch(/^(|[a-z_]+(\[\d+\]|\.[A-Za-z_]+)*)$/);
    }
  });
});
