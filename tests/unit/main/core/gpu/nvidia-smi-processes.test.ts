import { describe, expect, it } from 'vitest';
import { parseComputeApps, parseProcessesXml } from '../../../../../src/main/core/gpu/nvidia-smi-processes';

// The shape of `nvidia-smi -q -x` (nvsmi_device_v12.dtd), cut to what the parser reads, on two GPUs.
const XML = `<?xml version="1.0" ?>
<nvidia_smi_log>
  <attached_gpus>2</attached_gpus>
  <gpu id="00000000:01:00.0">
    <temperature><gpu_temp>64 C</gpu_temp><gpu_temp_max_threshold>98 C</gpu_temp_max_threshold></temperature>
    <processes>
      <process_info><gpu_instance_id>N/A</gpu_instance_id><compute_instance_id>N/A</compute_instance_id>
        <pid>1402</pid><type>G</type><process_name>/usr/lib/xorg/Xorg</process_name><used_memory>212 MiB</used_memory></process_info>
      <process_info><pid>8811</pid><type>C+G</type><process_name>C:\\Games\\Tom &amp; Jerry.exe</process_name><used_memory>N/A</used_memory></process_info>
    </processes>
  </gpu>
  <gpu id="00000000:02:00.0">
    <temperature><gpu_temp>71 C</gpu_temp></temperature>
    <processes>
      <process_info><pid>9000</pid><type>C</type><process_name>python3</process_name><used_memory>20480 MiB</used_memory></process_info>
    </processes>
  </gpu>
</nvidia_smi_log>`;

describe('nvidia-smi processes', () => {
  it('reads every GPU process with its kind and memory, and the hottest GPU', () => {
    expect(parseProcessesXml(XML)).toEqual({
      temperatureC: 71,
      processes: [
        { pid: 1402, kind: 'graphics', name: '/usr/lib/xorg/Xorg', usedMemoryMiB: 212 },
        { pid: 8811, kind: 'compute+graphics', name: 'C:\\Games\\Tom & Jerry.exe', usedMemoryMiB: null },
        { pid: 9000, kind: 'compute', name: 'python3', usedMemoryMiB: 20480 },
      ],
    });
  });

  it('reads an idle GPU and a temperature the board does not report', () => {
    expect(parseProcessesXml('<nvidia_smi_log><gpu id="0"><temperature><gpu_temp>N/A</gpu_temp></temperature><processes/></gpu></nvidia_smi_log>')).toEqual({ processes: [], temperatureC: null });
  });

  it('refuses what is not its XML', () => {
    expect(parseProcessesXml('Failed to initialize NVML: Driver/library version mismatch')).toBeNull();
  });

  it('reads the compute-apps CSV, commas in a path included', () => {
    expect(parseComputeApps('9000, /usr/bin/python3, 20480 MiB\n31, C:\\Apps\\a, b.exe, [N/A]\n')).toEqual([
      { pid: 9000, name: '/usr/bin/python3', kind: 'compute', usedMemoryMiB: 20480 },
      { pid: 31, name: 'C:\\Apps\\a, b.exe', kind: 'compute', usedMemoryMiB: null },
    ]);
    expect(parseComputeApps('')).toEqual([]);
    expect(parseComputeApps('No running processes found\n')).toEqual([]);
    expect(parseComputeApps('garbage')).toBeNull();
  });
});
