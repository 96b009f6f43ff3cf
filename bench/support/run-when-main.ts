import { pathToFileURL } from 'node:url';

/** Runs a benchmark when its file is started directly (`tsx bench/x.ts`), as `npm run bench -- x` does. */
export function runWhenMain(file: string, run: () => Promise<boolean | void>): void {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== pathToFileURL(file).href) return;
  run().then(
    (met) => (process.exitCode = met === false ? 1 : 0),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
