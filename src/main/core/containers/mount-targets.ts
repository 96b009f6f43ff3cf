import { posix } from 'node:path';

/**
 * The container's own system directories, the one list both the job policy and the container supervisor check
 * a volume's mount point against. `subtree`: anything below is reserved too (`/etc/ssl`, `/usr/lib`); `/tmp` is
 * the job's writable tmpfs, so a model volume may go below it but not over it.
 */
export const RESERVED_MOUNT_TARGETS: ReadonlyArray<{ path: string; subtree: boolean }> = [
  { path: '/', subtree: false },
  { path: '/proc', subtree: true },
  { path: '/sys', subtree: true },
  { path: '/dev', subtree: true },
  { path: '/etc', subtree: true },
  { path: '/bin', subtree: true },
  { path: '/sbin', subtree: true },
  { path: '/usr', subtree: true },
  { path: '/lib', subtree: true },
  { path: '/lib32', subtree: true },
  { path: '/lib64', subtree: true },
  { path: '/libx32', subtree: true },
  { path: '/boot', subtree: true },
  { path: '/run', subtree: true },
  { path: '/var/run', subtree: true },
  { path: '/tmp', subtree: false },
];

export type MountTargetCheck =
  | { ok: true; target: string }
  | { ok: false; reason: 'relative'; message: string }
  | { ok: false; reason: 'reserved'; target: string; message: string };

/**
 * Checks where a volume would be mounted in the container. The path is normalised first (slashes collapsed,
 * `.` and `..` resolved, a trailing slash dropped), so `//etc`, `/./etc` and `/models/../etc` are all `/etc`;
 * a path that is not absolute is refused. Reserved: a system directory, anything below one (see the list), and
 * any parent of one (`/var` would hide `/var/run`). On success, `target` is the normalised path to mount.
 */
export function checkMountTarget(raw: string): MountTargetCheck {
  if (!raw.startsWith('/')) {
    return { ok: false, reason: 'relative', message: 'the mount point must be an absolute path' };
  }
  const normalised = posix.normalize(raw);
  const target = normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
  const reserved = RESERVED_MOUNT_TARGETS.some(
    ({ path, subtree }) => target === path || (subtree && target.startsWith(`${path}/`)) || (target !== '/' && path.startsWith(`${target}/`)),
  );
  if (reserved) {
    const shown = target === raw ? `"${target}"` : `"${target}" (written "${raw.slice(0, 200)}")`;
    return { ok: false, reason: 'reserved', target, message: `${shown} is or covers a system directory of the container` };
  }
  return { ok: true, target };
}
