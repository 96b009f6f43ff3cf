import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../../src/main/electron/main-window';

describe('the window options', () => {
  it('isolate and sandbox the page, with no Node and no middle-click windows', () => {
    expect(mainWindowOptions('/app/preload.js').webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});
