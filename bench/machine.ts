import { cpus, freemem, loadavg, totalmem, platform, release } from 'node:os';

/** What every benchmark prints first, so a figure is never separated from the machine it came from. */
export function describeMachine(): string {
  const cpu = cpus();
  return [
    `machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free)`,
    `system:  ${platform()} ${release()}, Node ${process.version}`,
    `date:    ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine inflates wall times)`,
  ].join('\n');
}
