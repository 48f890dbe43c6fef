export { Gff3Parser } from './gff3.js';
export { GtfParser } from './gtf.js';
export { chooseCanonical } from './canonical.js';
export { parseGff3Attributes, parseGtfAttributes, stripIdPrefix } from './attributes.js';
export { parseGeneModelText, type GeneModelFormat } from './parse-text.js';
