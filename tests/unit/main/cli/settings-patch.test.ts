import { describe, expect, it } from 'vitest';
import { settingsPatch } from '../../../../src/main/cli/commands/settings';
import { UsageError } from '../../../../src/main/cli/command';

describe('gridhost settings set KEY VALUE', () => {
  it('reads the value as the setting\'s type', () => {
    expect(settingsPatch('containers.memoryMiB', '4096')).toEqual({ containers: { memoryMiB: 4096 } });
    expect(settingsPatch('grid.url', 'https://grid.example')).toEqual({ grid: { url: 'https://grid.example' } });
    expect(settingsPatch('wallet.customRpcUrl', 'null')).toEqual({ wallet: { customRpcUrl: null } });
    expect(settingsPatch('logs.level', 'debug')).toEqual({ logs: { level: 'debug' } });
  });

  it('refuses a value the contract refuses, saying which setting and why', () => {
    expect(() => settingsPatch('containers.memoryMiB', '100')).toThrow(/containers\.memoryMiB cannot be 100: too small.*512.*Nothing was changed/);
    expect(() => settingsPatch('containers.memoryMiB', 'lots')).toThrow(/containers\.memoryMiB cannot be lots: .*number/);
    expect(() => settingsPatch('grid.url', 'ftp://grid')).toThrow(UsageError);
  });

  it('names the settings when the key is unknown, and where to set those set elsewhere', () => {
    expect(() => settingsPatch('grid.adress', 'x')).toThrow(/There is no setting "grid.adress". The settings are: grid\.url, containers\./);
    expect(() => settingsPatch('wallet.payoutAddress', 'x')).toThrow(/gridhost wallet --set-payout/);
    expect(() => settingsPatch('sharing.mode', 'always')).toThrow(/gridhost share always/);
  });
});
