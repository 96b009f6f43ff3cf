import { describe, expect, it } from 'vitest';
import {
  integerField,
  numberField,
  parseCudaVersion,
  parseQueryOutput,
  throttleReasons,
  UnreadableOutputError,
  type QueryField,
} from '../../../../../src/main/core/gpu/nvidia-smi-query';

const FIELDS: QueryField[] = ['index', 'uuid', 'name', 'memory.total', 'driver_version', 'power.draw', 'power.limit', 'clocks_throttle_reasons.active'];

describe('parseQueryOutput', () => {
  it('reads one record per line, values separated by ", "', () => {
    const out =
      '0, GPU-aaa, NVIDIA GeForce RTX 3090, 24576, 550.54.14, 21.30, 350.00, 0x0000000000000004\n' +
      '1, GPU-bbb, NVIDIA GeForce RTX 3060, 12288, 550.54.14, 13.05, 170.00, 0x0000000000000000\n';
    const [a, b] = parseQueryOutput(out, FIELDS);
    expect(a?.get('name')).toBe('NVIDIA GeForce RTX 3090');
    expect(numberField(a!, 'power.draw')).toBe(21.3);
    expect(integerField(b!, 'memory.total')).toBe(12288);
    expect(throttleReasons(a!)).toEqual(['sw_power_cap']);
    expect(throttleReasons(b!)).toEqual([]);
  });

  it('turns [N/A], [Not Supported] and [Unknown Error] into unknown (null), never 0', () => {
    const [r] = parseQueryOutput('0, GPU-x, NVIDIA GeForce RTX 3060 Laptop GPU, 6144, 535.183.01, [N/A], [Not Supported], [Unknown Error]\r\n', FIELDS);
    expect(r?.get('power.draw')).toBeNull();
    expect(numberField(r!, 'power.limit')).toBeNull();
    expect(throttleReasons(r!)).toBeNull();
  });

  it('decodes several throttle reasons', () => {
    const [r] = parseQueryOutput('0, GPU-x, NVIDIA GeForce RTX 4090, 24564, 565.57.01, 1, 2, 0x0000000000000064\n', FIELDS);
    expect(throttleReasons(r!)).toEqual(['sw_power_cap', 'sw_thermal_slowdown', 'hw_thermal_slowdown']);
  });

  it('rejects output that is not the asked-for CSV with a message naming the line', () => {
    expect(() => parseQueryOutput('', FIELDS)).toThrow(UnreadableOutputError);
    expect(() => parseQueryOutput('Segmentation fault\n', FIELDS)).toThrow(/line 1 has 1 values where 8 were asked for/);
    expect(() => parseQueryOutput('x, GPU-x, n, 1, 1, 1, 1, 0x0\n', FIELDS)).toThrow(/not a GPU record/);
    expect(() => parseQueryOutput('0, [N/A], n, 1, 1, 1, 1, 0x0\n', FIELDS)).toThrow(/has no uuid/);
  });
});

describe('parseCudaVersion', () => {
  it('reads the header of nvidia-smi -q', () => {
    const q = '\n==============NVSMI LOG==============\n\nTimestamp                                 : Wed Nov 25 17:32:12 2026\nDriver Version                            : 550.54.14\nCUDA Version                              : 12.4\n';
    expect(parseCudaVersion(q)).toBe('12.4');
    expect(parseCudaVersion('Driver Version : 550.54.14\n')).toBeNull();
  });
});
