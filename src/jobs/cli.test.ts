import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../cli/main.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe('kiban worker (flags)', () => {
  it('needs a reference: exit 2 and says which flags', async () => {
    const { out, io } = capture();
    assert.equal(await main(['worker'], io), 2);
    assert.equal(out.stderr, 'kiban: give --reference DIR, or --fasta (and optionally --gene-models)\n');
  });

  it('refuses both a bundle and a FASTA', async () => {
    const { out, io } = capture();
    assert.equal(await main(['worker', '--reference', 'b', '--fasta', 'f.fa'], io), 2);
    assert.match(out.stderr, /give --reference DIR, or --fasta/);
  });

  it('refuses a bad --concurrency', async () => {
    const { out, io } = capture();
    assert.equal(await main(['worker', '--fasta', 'f.fa', '--concurrency', '0'], io), 2);
    assert.equal(out.stderr, 'kiban: --concurrency: expected 1…64, got "0"\n');
  });
});
