import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, xdgAutostartEntry, type LoginItem } from '../../../../../src/main/core/shell/login-item';

class FakeLoginItem implements LoginItem {
  sets: boolean[] = [];
  constructor(private enabled: boolean) {}
  async isEnabled() {
    return this.enabled;
  }
  async setEnabled(enabled: boolean) {
    this.sets.push(enabled);
    this.enabled = enabled;
  }
}

describe('start at login', () => {
  it('changes the login item only when it differs from the setting', async () => {
    const item = new FakeLoginItem(false);
    expect(await applyStartAtLogin(item, true)).toEqual({ changed: true });
    expect(await applyStartAtLogin(item, true)).toEqual({ changed: false });
    expect(await applyStartAtLogin(item, false)).toEqual({ changed: true });
    expect(item.sets).toEqual([true, false]);
  });

  it('writes an XDG autostart entry that starts hidden, quoting paths with spaces', () => {
    const entry = xdgAutostartEntry('/opt/Grid Host/gridhost', ['--no-sandbox']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=GridHost\n');
    expect(entry).toContain('Exec="/opt/Grid Host/gridhost" --no-sandbox --hidden\n');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true');
    expect(xdgAutostartEntry('/tmp/a$b`c')).toContain('Exec="/tmp/a\\$b\\`c" --hidden');
  });
});
