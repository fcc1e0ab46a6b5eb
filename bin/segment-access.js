#!/usr/bin/env node
// Entry point for `npx segment-access`. The TypeScript sources run through tsx's loader, so a fresh
// `npm ci` is enough: there is no build step to forget. (The GitHub Action ships its own bundle.)
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
