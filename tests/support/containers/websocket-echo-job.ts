import { readFileSync } from 'node:fs';

/** The port the WebSocket echo service listens on inside its container. */
export const WEBSOCKET_ECHO_PORT = 8080;

/** What the echo service sends first: the health check's expected_response. */
export const WEBSOCKET_ECHO_GREETING = 'echo service ready';

const ECHO_SCRIPT = readFileSync(new URL('./websocket-echo.sh', import.meta.url), 'utf8');

/**
 * A service job in the Nosana v0.1 dialect for the busybox test image: `websocket-echo.sh` behind busybox `nc`
 * (one forked shell per connection), exposed as a `websocket` service whose health check expects the greeting.
 * It serves for `durationSeconds`, then stops. The script is written to /tmp and run by `sh`, because a job's
 * /tmp is mounted noexec and its root filesystem is read-only.
 */
export function webSocketEchoJob(options: { image: string; durationSeconds: number }): unknown {
  const script = [
    `cat > /tmp/ws-echo.sh <<'EOS'\n${ECHO_SCRIPT}\nEOS`,
    `nc -ll -p ${WEBSOCKET_ECHO_PORT} -e /bin/sh /tmp/ws-echo.sh & pid=$!`,
    `echo "echoing WebSocket text frames on port ${WEBSOCKET_ECHO_PORT}"`,
    `sleep ${options.durationSeconds}`,
    'kill $pid',
  ].join('\n');
  return {
    version: '0.1',
    type: 'container',
    meta: { trigger: 'test', description: 'WebSocket echo service in busybox' },
    ops: [
      {
        type: 'container/run',
        id: 'echo',
        args: {
          image: options.image,
          gpu: false,
          env: { GREETING: WEBSOCKET_ECHO_GREETING },
          cmd: ['sh', '-c', script],
          expose: [
            {
              port: WEBSOCKET_ECHO_PORT,
              type: 'websocket',
              health_checks: [{ type: 'websocket', expected_response: WEBSOCKET_ECHO_GREETING, continuous: true }],
            },
          ],
        },
      },
    ],
  };
}
