export { buildKnowledgeBundle, readKnowledgeManifest, KNOWLEDGE_FORMAT_VERSION, type KnowledgeManifest, type KnowledgeSource, type KnowledgeBuildOptions } from './bundle.js';
export { loadKnowledgeBundle, knowledgeVersions, type Knowledge } from './load.js';
export { registerKnowledgeCommands } from './cli.js';
export type * from './types.js';
