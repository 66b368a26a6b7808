#!/usr/bin/env node
// The `scheduler` command: the same flags as `npm start --` (see the README).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
