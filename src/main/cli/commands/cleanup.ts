import type { CliCommand } from '../command';

/**
 * `gridhost cleanup`: removes this installation's containers, volumes, networks and images from the container
 * engine (found by its labels and its image records), so nothing of GridHost stays behind. The Windows
 * uninstaller and the deb's prerm run it; AppImage owners run it before deleting the file (README).
 */
export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  summary: "Remove GridHost's containers, volumes, networks and images from Docker (run before uninstalling)",
  usage: 'gridhost cleanup [--quiet-if-no-docker]',
  options: { 'quiet-if-no-docker': { type: 'boolean', default: false } },
  run: async (ctx) => {
    // Holds the data folder: refused, saying which host runs, while GridHost is running.
    const host = await ctx.startHost();
    try {
      const containers = host.services.containers;
      if ((await containers.start()).state !== 'up') {
        const message = 'Docker is not running, so there is nothing GridHost can remove now. Start Docker and run `gridhost cleanup` again.\n';
        if (ctx.values['quiet-if-no-docker']) return 0;
        ctx.err(message);
        return 1;
      }
      const report = await containers.removeInstallation();
      const count = report.containers.length + report.volumes.length + report.networks.length + report.images.length;
      ctx.out(
        count === 0
          ? 'Nothing of GridHost was left in Docker.\n'
          : `Removed ${report.containers.length} container(s), ${report.volumes.length} volume(s), ${report.networks.length} network(s) and ${report.images.length} image(s).\n`,
      );
      return 0;
    } finally {
      await host.close();
    }
  },
};
