// Each process's peak RSS and CPU, read from /proc.
import { readdirSync, readFileSync } from 'node:fs';

import { round1 } from './figures';

export function findPid(command: string, argument: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline[0].endsWith(command) && cmdline.includes(argument)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

/** Peak RSS (the largest single process) and CPU seconds of a process and its children. */
export function treeUsage(pid: number | undefined): { peakRssMb: number; cpuSeconds: number } {
  if (!pid) return { peakRssMb: 0, cpuSeconds: 0 };
  let peak = 0;
  let cpu = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(entry) !== pid && Number(stat[1]) !== pid) continue;
      cpu += (Number(stat[11]) + Number(stat[12]) + Number(stat[13]) + Number(stat[14])) / 100;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // gone
    }
  }
  return { peakRssMb: Math.round(peak), cpuSeconds: round1(cpu) };
}