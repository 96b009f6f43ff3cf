/*
 * The Ledger transport (@ledgerhq/*) and the Ledger wallet adapter expect a global Buffer, as in Node. This
 * gives them the `buffer` npm package: plain JavaScript for browsers (the one web3.js bundles too), not
 * Node's module of the same name. Imported for its effect, before the Ledger adapter.
 */
// eslint-disable-next-line no-restricted-imports -- the npm browser polyfill, not Node's `buffer`
import { Buffer } from 'buffer/';

const scope = globalThis as unknown as { Buffer?: unknown };
scope.Buffer ??= Buffer;
