/** Test and benchmark helpers of the variant store (generated inputs; never used by the app). */
export { sha256Of, writeVcf, toyReference, germlineVcf } from './fixtures.js';
export { syntheticReference, writeSyntheticVcf } from './synthetic.js';
