#!/usr/bin/env node
// tsc compiles only TypeScript; the SQL migrations travel beside the compiled db module.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/server/db/migrations', { recursive: true });
cpSync('src/db/migrations', 'dist/server/db/migrations', { recursive: true });
