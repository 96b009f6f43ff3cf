import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { ResourceHttp, ResourceResponse } from '../../core/resources/ports';

/**
 * The model cache's HTTP GET over the platform's `fetch`. Redirects are not followed here: the core checks where
 * each one leads before it asks again (core/resources/source-client.ts). Headers (an access token) are never logged.
 */
export function createResourceHttp(fetchImpl: typeof fetch = globalThis.fetch): ResourceHttp {
  return {
    async get(url, headers, signal): Promise<ResourceResponse> {
      const response = await fetchImpl(url, { headers, signal, redirect: 'manual' });
      const length = Number(response.headers.get('content-length'));
      const isRedirect = response.status >= 300 && response.status < 400;
      if (isRedirect || response.status !== 200) await response.body?.cancel().catch(() => undefined);
      return {
        status: response.status,
        contentLength: Number.isFinite(length) && response.headers.has('content-length') ? length : null,
        location: response.headers.get('location'),
        link: response.headers.get('link'),
        // Read only when iterated, so that `text()` can read a listing instead.
        body: { [Symbol.asyncIterator]: () => bodyOf(response)[Symbol.asyncIterator]() },
        text: () => response.text(),
      };
    },
  };
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  return response.body ? Readable.fromWeb(response.body as ReadableStream<Uint8Array>) : Readable.from([]);
}
