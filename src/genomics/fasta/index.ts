export { FaiBuilder, formatFai, parseFai, type FaiEntry } from './fai.js';
export { FastaSequenceReader } from './reader.js';
