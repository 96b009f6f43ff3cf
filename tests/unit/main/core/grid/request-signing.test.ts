import { describe, expect, it } from 'vitest';
import bs58 from 'bs58';
import { decodeAddress, signingMessage, signRequest, verifyRequestSignature } from '../../../../../src/main/core/grid/request-signing';
import { makeTestSigner } from '../../../../support/grid/test-node-signer';

describe('request signing', () => {
  it('signs METHOD, path, timestamp and body digest, and the grid side verifies it', async () => {
    const signer = makeTestSigner();
    const headers = await signRequest(signer, 'post', '/v1/queue?x=1', '{}', 1_700_000_000_123);
    expect(headers['x-gridhost-address']).toBe(signer.address);
    expect(headers['x-gridhost-timestamp']).toBe('1700000000123');
    const message = signingMessage('POST', '/v1/queue?x=1', '1700000000123', '{}');
    expect(new TextDecoder().decode(message)).toBe(
      'POST\n/v1/queue?x=1\n1700000000123\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    expect(verifyRequestSignature(signer.address, message, headers['x-gridhost-signature'])).toBe(true);
  });

  it('fails verification for any change of method, path, timestamp, body or key', async () => {
    const signer = makeTestSigner();
    const { 'x-gridhost-signature': sig } = await signRequest(signer, 'POST', '/v1/queue', '{}', 1000);
    expect(verifyRequestSignature(signer.address, signingMessage('GET', '/v1/queue', '1000', '{}'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage('POST', '/v1/queue/', '1000', '{}'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage('POST', '/v1/queue', '1001', '{}'), sig)).toBe(false);
    expect(verifyRequestSignature(signer.address, signingMessage('POST', '/v1/queue', '1000', '{ }'), sig)).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, signingMessage('POST', '/v1/queue', '1000', '{}'), sig)).toBe(false);
  });

  it('rejects addresses and signatures that are not well formed, without throwing', () => {
    const message = signingMessage('GET', '/', '1', '');
    expect(decodeAddress('not-base58-0OIl')).toBeNull();
    expect(decodeAddress(bs58.encode(new Uint8Array(31)))).toBeNull();
    expect(verifyRequestSignature('0OIl', message, 'x')).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, message, '0OIl')).toBe(false);
    expect(verifyRequestSignature(makeTestSigner().address, message, bs58.encode(new Uint8Array(63)))).toBe(false);
  });
});
