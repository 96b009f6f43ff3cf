import { ApiError } from '../../../shared/api-error';
import type { ContainerSupervisor } from '../containers/container-supervisor';
import { isContainerError } from '../containers/errors';
import type { ServiceRelay } from '../relay/job-services';
import type { ApiHandlers } from './dispatcher';

type ContainersHandlers = Pick<ApiHandlers, 'services.list' | 'containers.status' | 'containers.engine.reconnect' | 'containers.logs' | 'containers.cache'>;

/** The containers domain's requests: engine state, running job containers and their relayed services, their output, the image cache. */
export function containersHandlers({ containers, relay }: { containers: ContainerSupervisor; relay: Pick<ServiceRelay, 'list'> }): ContainersHandlers {
  return {
    'services.list': () => ({ services: relay.list() }),
    'containers.status': () => {
      const s = containers;
      return {
        engine: s.engineStatus(),
        running: s.running().map((op) => ({
          jobId: op.jobId,
          opId: op.opId,
          containerId: op.containerId,
          name: op.name,
          image: op.image.reference,
          digest: op.image.digest,
          hostPorts: op.hostPorts,
        })),
      };
    },
    'containers.engine.reconnect': () => containers.reconnect(),
    'containers.logs': ({ jobId, opId, maxLines }) => ({ lines: containers.logs(jobId, opId, maxLines) }),
    'containers.cache': async () => {
      try {
        return await containers.cacheUsage();
      } catch (err) {
        // The engine's own words plus what to do, as an error the Settings page can show.
        if (isContainerError(err)) throw new ApiError(err.code, err.describe());
        throw err;
      }
    },
  };
}
