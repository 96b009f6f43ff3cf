import { z } from 'zod';
import { ApiError } from '../../../shared/api-error';
import type { ResponseBody } from '../../../shared/wire';
import { request } from '../../../shared/contract/define';
import { BundleExportResultSchema } from '../../../shared/contract/logs';
import type { HostServices } from '../host/host-services';
import { hostSupportSources } from '../logs/host-support-sources';
import { RequestDispatcher, type HandlersOf } from './dispatcher';
import type { Logger } from '../ports';

const NoParams = z.object({}).strict();

/**
 * Requests only the owner's command line may make, never the pages: they carry the node key's secret or write
 * where the owner chooses. They are answered by the CLI's own host when no host runs, and over the local
 * control channel (src/main/control/) when one does; the IPC and WebSocket dispatchers do not know them.
 */
export const ownerRequests = {
  'owner.key.export': request(
    'The node key as a solana-keygen file, for a backup the owner asked for.',
    NoParams,
    z.object({ keygen: z.string(), address: z.string() }),
  ),
  'owner.key.import': request(
    'Restore the node key from a solana-keygen file (replacing a different key needs replace: true).',
    z.object({ keygen: z.string().min(1).max(64 * 1024), replace: z.boolean().default(false) }).strict(),
    z.object({ address: z.string() }),
  ),
  'owner.logs.export': request(
    'Write a support bundle to a path of the owner\'s choice.',
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    BundleExportResultSchema,
  ),
};

export type OwnerRequests = typeof ownerRequests;
export type OwnerMethod = keyof OwnerRequests;

/** The owner's requests over the host's services. */
export function ownerHandlers(services: HostServices): HandlersOf<OwnerRequests> {
  const { wallet, logs } = services;
  return {
    'owner.key.export': async () => ({ keygen: await wallet.exportKeygen(), address: (await wallet.openIdentity()).address }),
    'owner.key.import': async ({ keygen, replace }) => {
      const address = await wallet.importKeygen(keygen, { replace });
      // The log must erase the new key too, in every encoding.
      logs.rememberKeypair(await wallet.openIdentity());
      return { address };
    },
    // The node key is not opened here (that would make one on a machine that has none, or ask for its
    // passphrase): the logs were redacted with it when written, and the shape rules catch any key again.
    'owner.logs.export': ({ path }) => logs.export(hostSupportSources(services), { path }),
  };
}

export function ownerDispatcher(services: HostServices, logger: Logger): RequestDispatcher<OwnerRequests> {
  return new RequestDispatcher(ownerRequests, ownerHandlers(services), logger);
}

type OwnerParams<M extends OwnerMethod> = z.input<OwnerRequests[M]['params']>;
type OwnerResult<M extends OwnerMethod> = z.output<OwnerRequests[M]['result']>;

/** The owner's requests as typed calls, over this process's dispatcher or the control channel. */
export interface OwnerApi {
  keyExport(): Promise<OwnerResult<'owner.key.export'>>;
  keyImport(params: OwnerParams<'owner.key.import'>): Promise<OwnerResult<'owner.key.import'>>;
  logsExport(params: OwnerParams<'owner.logs.export'>): Promise<OwnerResult<'owner.logs.export'>>;
}

export function buildOwnerApi(send: (method: OwnerMethod, params: unknown) => Promise<ResponseBody>): OwnerApi {
  const call = async <M extends OwnerMethod>(method: M, params: unknown): Promise<OwnerResult<M>> => {
    const body = await send(method, params);
    if (!body.ok) throw new ApiError(body.error.code, body.error.message);
    return ownerRequests[method].result.parse(body.result) as OwnerResult<M>;
  };
  return {
    keyExport: () => call('owner.key.export', {}),
    keyImport: (params) => call('owner.key.import', params),
    logsExport: (params) => call('owner.logs.export', params),
  };
}
