import type { Command } from 'commander';
import type { CliIo } from './main.js';
import { registerStartCommand } from './start.js';
import { registerAuditCommands } from '../audit/cli.js';
import { registerAnnotationCommands } from '../annotation/cli.js';
import { registerWorkerCommands } from '../jobs/cli.js';
import { registerKnowledgeCommands } from '../knowledge/cli.js';
import { registerInterpretationCommands } from '../interpretation/cli.js';

/** Each module's `register…Commands` from its cli.ts; the order is the order in `kiban --help`. */
export type RegisterCommands = (program: Command, io: CliIo) => void;

export const commandModules: RegisterCommands[] = [registerStartCommand, registerAuditCommands, registerAnnotationCommands, registerKnowledgeCommands, registerInterpretationCommands, registerWorkerCommands];
