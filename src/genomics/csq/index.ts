export { createCsqEngine, CSQ_FIELDS, csqEntry, csqHeaderLine, csqValue, formatCsq, vepAllele, type CsqOptions } from './csq.js';
