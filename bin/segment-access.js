#!/usr/bin/env node
// Entry point for `npx segment-access`: runs the prebuilt bundle (dist/cli.js, built by
// `npm run build` and committed; CI checks it matches the sources). Nothing is compiled at start-up.
import '../dist/cli.js';
