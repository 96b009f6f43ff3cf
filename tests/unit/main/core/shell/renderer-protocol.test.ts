import { describe, expect, it } from 'vitest';
import { rendererCsp, rendererFileFor, rendererHeaders } from '../../../../../src/main/core/shell/renderer-protocol';

describe('the app:// protocol', () => {
  it('serves files of the renderer folder with their type', () => {
    expect(rendererFileFor('app://gridhost/')).toEqual({ relativePath: 'index.html', contentType: 'text/html; charset=utf-8' });
    expect(rendererFileFor('app://gridhost/assets/index-abc.js?x=1#/wallet')).toEqual({ relativePath: 'assets/index-abc.js', contentType: 'text/javascript; charset=utf-8' });
  });

  it('keeps dot segments (plain or encoded) inside the renderer folder', () => {
    expect(rendererFileFor('app://gridhost/../../etc/passwd.html')?.relativePath).toBe('etc/passwd.html');
    expect(rendererFileFor('app://gridhost/assets/%2e%2e/%2e%2e/secret.js')?.relativePath).toBe('secret.js');
    expect(rendererFileFor('app://gridhost/assets/%2E%2E%2F%2E%2E%2Fsecret.js')?.relativePath).toBe('secret.js');
  });

  it.each([
    'app://gridhost/a%5c..%5csecret.js',
    'app://gridhost/index.html%00.js',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://gridhost/notes.txt',
    'app://gridhost/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(rendererFileFor(url)).toBeNull();
  });

  it('limits connect-src to the API and the RPC endpoints, with their WebSocket twins', () => {
    const csp = rendererCsp(['https://api.devnet.solana.com/', 'http://127.0.0.1:8443', 'nonsense']);
    expect(csp).toContain('connect-src https://api.devnet.solana.com wss://api.devnet.solana.com http://127.0.0.1:8443 ws://127.0.0.1:8443;');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(rendererCsp([])).toContain("connect-src 'none'");
    expect(rendererHeaders('text/html', csp)).toEqual({ 'Content-Type': 'text/html', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' });
  });
});
