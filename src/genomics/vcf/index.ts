export { VcfHeaderParser, parseStructuredMeta, parseVcfHeaderLines } from './header.js';
export type { FieldMeta, VcfHeader, VcfNumber, VcfType } from './header.js';
export { VcfRecord, parseVcfRecord, splitInfo } from './record.js';
export { VcfWarningTally, warningText, type VcfWarning } from './warnings.js';
export { recodeGenotype, subsetInfo, subsetSamples } from './split.js';
export { checkValue, expectedCount, typedValues, type VcfWarnings } from './values.js';
