// Entry point of dist/action.js (bundled by `npm run build`).
import { runAction } from './action.js';

process.exitCode = await runAction(process.env);
