import type { Expose, HealthCheck, ServiceType } from '@nosana/types';
import { jsonPath, type JobProblem } from './job-problem';

/** The most container ports one op may expose (the container supervisor's own bound). */
export const MAX_EXPOSED_PORTS = 16;

/** One exposed container port with what Nosana says about it: the service type and its health checks. */
export interface ExposedPort {
  port: number;
  type: ServiceType | null;
  healthChecks: HealthCheck[];
}

/**
 * `expose` in all its forms: a port, a range (`"8000-8003"`), an object with `port`, `type` and
 * `health_checks`, or a list of them. Literal strings and spread markers are refused (the host has nothing
 * to resolve them from before the op starts). Problems go into `problems` with their JSON path.
 */
export function parseExpose(expose: Expose | undefined, at: (string | number)[], problems: JobProblem[]): ExposedPort[] {
  if (expose === undefined) return [];
  const items = Array.isArray(expose) ? expose : [expose];
  const ports: ExposedPort[] = [];
  items.forEach((item, i) => {
    const where = Array.isArray(expose) ? [...at, i] : at;
    const refuse = (message: string) => problems.push({ path: jsonPath(where), code: 'unsupported', message: `${jsonPath(where)}: ${message}` });
    if (typeof item === 'number') {
      if (!validPort(item)) problems.push({ path: jsonPath(where), code: 'absurd_resources', message: `${jsonPath(where)}: ${item} is not a TCP port; use 1-65535.` });
      else ports.push({ port: item, type: null, healthChecks: [] });
      return;
    }
    if (typeof item === 'string') {
      const range = /^(\d+)-(\d+)$/.exec(item);
      if (!range) {
        refuse(`"${item}" cannot be resolved before the op starts; give a port number or a range like "8000-8003".`);
        return;
      }
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (!validPort(from) || !validPort(to) || from > to) refuse(`"${item}" is not a port range; use "FROM-TO" with 1 <= FROM <= TO <= 65535.`);
      else if (to - from + 1 > MAX_EXPOSED_PORTS) refuse(`"${item}" has ${to - from + 1} ports; an op may expose at most ${MAX_EXPOSED_PORTS}.`);
      else for (let port = from; port <= to; port++) ports.push({ port, type: null, healthChecks: [] });
      return;
    }
    if ('__spread__' in item) {
      refuse('spread markers are not expanded by GridHost; list the ports.');
      return;
    }
    if (!validPort(item.port)) refuse(`${item.port} is not a TCP port; use 1-65535.`);
    else ports.push({ port: item.port, type: item.type ?? null, healthChecks: item.health_checks ?? [] });
  });
  if (ports.length > MAX_EXPOSED_PORTS) {
    problems.push({ path: jsonPath(at), code: 'absurd_resources', message: `${jsonPath(at)} exposes ${ports.length} ports; an op may expose at most ${MAX_EXPOSED_PORTS}.` });
  }
  return ports;
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65_535;
}
