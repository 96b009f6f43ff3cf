import { runCli } from './cli';
import { commands } from './commands';

runCli(process.argv.slice(2), commands, {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`gridhost: ${err.message}\n`);
    process.exitCode = 1;
  },
);
