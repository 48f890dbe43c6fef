export { BGZF_BLOCK_DATA_BYTES, BGZF_EOF, bgzfBlockSize, compressBgzf, inflateBgzfBlock } from './bgzf.js';
export { blockFor, parseGzi, type BlockIndex } from './gzi.js';
export { BgzfRandomAccess, type ByteSource } from './random-access.js';
