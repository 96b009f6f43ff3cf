import { describe, expect, it } from 'vitest';
import { NodeProcessTable, startTimeOf } from '../../../../../src/main/adapters/os/process-table';

describe('NodeProcessTable', () => {
  it('reads the start time (field 22) after a command name with spaces and parentheses', () => {
    const stat = '4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 12345 67 18446744073709551615';
    expect(startTimeOf(stat)).toBe('987654');
  });

  it('sees this process alive with a start mark on Linux, and a pid that is not there as gone', () => {
    const table = new NodeProcessTable('linux');
    expect(table.isAlive(process.pid)).toBe(true);
    expect(table.startMark(process.pid)).toMatch(/^\d+$/);
    expect(table.isAlive(2 ** 22 + 12345)).toBe(false);
    expect(new NodeProcessTable('darwin').startMark(process.pid)).toBeNull();
  });
});
