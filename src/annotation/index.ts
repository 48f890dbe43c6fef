export { annotateVcf, type AnnotateOptions, type AnnotateProgress, type AnnotateResult } from './service.js';
export { buildReferenceBundle, loadReferenceBundle, BUNDLE_FORMAT_VERSION, type BundleManifest, type BundleSource } from './bundle.js';
export { readGeneModels, geneModelFormatOf } from './gene-models.js';
export { openFasta, type OpenedFasta } from './fasta-file.js';
export { readLines, openDecompressed } from './line-reader.js';
export { SiteTableReader, SiteTableWriter } from './site-table.js';
export { registerAnnotationCommands } from './cli.js';
