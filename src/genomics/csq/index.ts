export { createCsqEngine, CSQ_FIELDS, csqEntry, csqHeaderLine, csqValue, formatCsq, vepAllele } from './csq.js';
