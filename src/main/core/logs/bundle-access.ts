import { randomBytes } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../../shared/api-error';
import type { BundleTarget, PickedBundle } from '../../../shared/contract/logs';
import type { Clock } from '../ports';
import type { BundleFilePicker, RealPath } from './ports';

/** A picked file must be opened soon after the dialog closed; a handle is good for one opening. */
const HANDLE_TTL_MS = 10 * 60 * 1000;
const MAX_OPEN_HANDLES = 8;

/**
 * Which files the API may open as support bundles: one in the support folder (by name or path, resolved,
 * links followed, never leaving the folder), or one the owner chose in the desktop app's file dialog, passed
 * back as a one-time handle. Anything else is refused with one message whether or not the file exists, so the
 * API cannot be used to probe the machine's files. (The CLI's `logs inspect FILE` opens any file: the owner
 * names it on their own machine.)
 */
export class BundleAccess {
  private readonly handles = new Map<string, { path: string; expiresAt: number }>();

  constructor(
    private readonly bundlesDir: string,
    private readonly realPath: RealPath,
    private readonly clock: Clock,
    private readonly picker: BundleFilePicker | null,
  ) {}

  /** Opens the file dialog; null when the owner cancelled. */
  async pick(): Promise<PickedBundle | null> {
    if (!this.picker) {
      throw new ApiError(
        'unavailable',
        'Choosing a file needs the desktop app. Here, open a bundle saved in the support folder by its name, or run `gridhost logs inspect FILE` on the host.',
      );
    }
    const path = await this.picker();
    if (path === null) return null;
    const now = this.clock.now();
    for (const [handle, entry] of this.handles) if (entry.expiresAt <= now) this.handles.delete(handle);
    while (this.handles.size >= MAX_OPEN_HANDLES) this.handles.delete(this.handles.keys().next().value!);
    const handle = randomBytes(18).toString('base64url');
    this.handles.set(handle, { path, expiresAt: now + HANDLE_TTL_MS });
    return { handle, name: path.split(/[\\/]/).pop() ?? path };
  }

  /** The file to open for this request, or an ApiError that says what may be opened. */
  async resolve(target: BundleTarget): Promise<string> {
    if ('handle' in target) {
      const entry = this.handles.get(target.handle);
      this.handles.delete(target.handle);
      if (!entry || entry.expiresAt <= this.clock.now()) {
        throw new ApiError('forbidden', 'That file choice has expired or was used already; choose the file again.');
      }
      return entry.path;
    }
    const path = resolve(this.bundlesDir, target.path);
    // Refused before the disk is touched: nothing is learnt about files outside the folder.
    if (!inside(this.bundlesDir, path)) throw this.refusal();
    const [real, realDir] = await Promise.all([this.realPath(path), this.realPath(this.bundlesDir)]);
    if (real === null || realDir === null) {
      throw new ApiError('bundle_unreadable', `There is no support bundle named ${relative(this.bundlesDir, path)} in the support folder; save one first.`);
    }
    if (!inside(realDir, real)) throw this.refusal();
    return real;
  }

  private refusal(): ApiError {
    return new ApiError(
      'forbidden',
      `Only support bundles in the support folder (${this.bundlesDir}) can be opened by name here. ` +
        (this.picker ? 'For another file, use Choose file…, ' : 'For another file, ') +
        'or run `gridhost logs inspect FILE` on this machine.',
    );
  }
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
