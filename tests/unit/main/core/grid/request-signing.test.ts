import { describe, expect, it } from 'vitest';
import bs58 from 'bs58';
import { decodeAddress, gridOrigin, signingMessage, signRequest, verifyRequestSignature, type RequestToSign } from '../../../../../src/main/core/grid/request-signing';
import { makeTestSigner } from '../../../../support/grid/test-node-signer';

const GRID = 'https://grid.example.com';
const queue = (changes: Partial<RequestToSign> = {}): RequestToSign => ({ method: 'POST', origin: GRID, path: '/v1/queue', body: '{}', ...changes });

describe('request signing (protocol version 2)', () => {
  it("signs METHOD, the grid's origin, path, timestamp and body digest, and the grid side verifies it", async () => {
    const signer = makeTestSigner();
    const headers = await signRequest(signer, queue({ method: 'post', path: '/v1/queue?x=1' }), 1_700_000_000_123);
    expect(headers['x-gridhost-address']).toBe(signer.address);
    expect(headers['x-gridhost-timestamp']).toBe('1700000000123');
    const message = signingMessage(queue({ path: '/v1/queue?x=1' }), '1700000000123');
    expect(new TextDecoder().decode(message)).toBe(
      'POST\nhttps://grid.example.com\n/v1/queue?x=1\n1700000000123\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    expect(verifyRequestSignature(signer.address, message, headers['x-gridhost-signature'])).toBe(true);
  });

  it('fails verification for any change of method, origin, path, timestamp, body or key', async () => {
    const signer = makeTestSigner();
    const { 'x-gridhost-signature': sig } = await signRequest(signer, queue(), 1000);
    expect(verifyRequestSignature(signer.address, signingMessage(queue(), '1000'), sig)).toBe(true);
    expect(verifyRequestSignature(signer.address, signingMessage(queue({ method: 'GET' }), '1000'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage(queue({ origin: 'https://other-grid.example.com' }), '1000'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage(queue({ origin: 'http://grid.example.com' }), '1000'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage(queue({ path: '/v1/queue/' }), '1000'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage(queue(), '1001'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage(queue({ body: '{ }' }), '1000'), sig)).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, signingMessage(queue(), '1000'), sig)).toBe(false);
  });

  it('writes a grid address as its origin the same way on both sides', () => {
    expect(gridOrigin('https://Grid.Example.com:443/some/path?q=1')).toBe('https://grid.example.com');
    expect(gridOrigin('http://127.0.0.1:7070/')).toBe('http://127.0.0.1:7070');
    expect(gridOrigin('http://grid.example.com:80')).toBe('http://grid.example.com');
    expect(() => gridOrigin('not a url')).toThrow();
  });

  it('rejects addresses and signatures that are not well formed, without throwing', () => {
    const message = signingMessage({ method: 'GET', origin: GRID, path: '/', body: '' }, '1');
    expect(decodeAddress('not-base58-0OIl')).toBeNull();
    expect(decodeAddress(bs58.encode(new Uint8Array(31)))).toBeNull();
    expect(verifyRequestSignature('0OIl', message, 'x')).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, message, '0OIl')).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, message, bs58.encode(new Uint8Array(63)))).toBe(false);
  });
});
