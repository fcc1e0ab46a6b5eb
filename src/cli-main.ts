// Entry point of dist/cli.js (bundled by `npm run build`), which bin/segment-access.js runs.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
