/** The kill test's genome (parent and child build the same one from the seed). */
export const KILL_GENOME = { seed: 41, contigs: 2, contigLengthBp: 2_000_000 };
export const KILL_RECORDS = 200_000;
