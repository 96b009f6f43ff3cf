import { describe, expect, it } from 'vitest';
import { urlLabel, urlSecrets } from '../../../../../src/main/core/logs/url-secrets';

describe('urlLabel', () => {
  it.each([
    ['https://api.devnet.solana.com', 'https://api.devnet.solana.com'],
    ['https://api.mainnet-beta.solana.com/', 'https://api.mainnet-beta.solana.com'],
    ['https://x.solana-mainnet.quiknode.pro/3f1c9e2a7b5d4c6e8f9a0b1c2d3e4f5a93a4/', 'https://x.solana-mainnet.quiknode.pro/…'],
    ['https://mainnet.helius-rpc.com/?api-key=abc-123', 'https://mainnet.helius-rpc.com/…'],
    ['https://user:pass@rpc.example.net', 'https://rpc.example.net/…'],
    ['http://127.0.0.1:7070', 'http://127.0.0.1:7070'],
    ['https://grid.example.org/k3y-in-the-path-0123456789?key=abcdef0123456789', 'https://grid.example.org/…'],
  ])('shows %s as %s: no path, query or user info, where a key may hide', (url, label) => {
    expect(urlLabel(url, 'the address')).toBe(label);
  });

  it('says what it was given when the text is not a URL, without repeating it', () => {
    expect(urlLabel('not a url with s3cret', 'the configured grid address')).toBe('the configured grid address');
  });
});

describe('urlSecrets', () => {
  it('names every part of a URL that may be a key, for the redactor', () => {
    expect(urlSecrets('https://user:longpassword@rpc.example.net/v2/3f1c9e2a7b5d4c6e?api-key=abcdefgh12&x=1')).toEqual([
      'longpassword',
      '3f1c9e2a7b5d4c6e',
      'abcdefgh12',
    ]);
    expect(urlSecrets('https://grid.example.org/k3y-in-the-path-0123456789?key=abcdef0123456789')).toEqual([
      'k3y-in-the-path-0123456789',
      'abcdef0123456789',
    ]);
  });

  it('names nothing in a URL that is only an origin, so the address itself stays readable in the log', () => {
    expect(urlSecrets('https://api.devnet.solana.com')).toEqual([]);
    expect(urlSecrets('http://127.0.0.1:7070/')).toEqual([]);
  });

  it('names the whole text when it is not a URL', () => {
    expect(urlSecrets('not a url with s3cret')).toEqual(['not a url with s3cret']);
  });
});
