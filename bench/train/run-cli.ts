/**
 * Runs one `vitrine train` as a child process and measures it from outside, so the same harness
 * measures any build of the CLI: peak RSS (VmHWM, polled), load time and events/s (parsed from
 * its stderr), the eval table (stdout). `limitS`: stop the run after this many seconds of
 * training (the rate so far is the result).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CliRun {
  peakRssMB: number;
  loadS?: number;
  /** Training examples per second: the last progress figure. */
  eventsPerS?: number;
  wallS: number;
  stopped: boolean;
  rc: number | null;
  stdout: string;
  stderr: string;
}

/** The largest VmHWM of a process and its descendants (the CLI runs `train` in a child process: cli/memory.ts). */
const hwmKB = (pid: number): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return Math.max(m ? Number(m[1]) : 0, ...kids.map(hwmKB));
  } catch {
    return 0;
  }
};

export function runCli(cli: string, args: string[], limitS = Infinity): Promise<CliRun> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peak = 0;
  let trainingFrom: number | undefined;
  let stopped = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (trainingFrom === undefined && /ev\/s/.test(String(d))) trainingFrom = Date.now();
  });
  const poll = setInterval(() => {
    peak = Math.max(peak, hwmKB(child.pid!));
    if (trainingFrom !== undefined && Date.now() - trainingFrom > limitS * 1000 && !stopped) {
      stopped = true;
      child.kill('SIGTERM');
    }
  }, 200);
  return new Promise((resolve) => {
    child.on('exit', (rc) => {
      clearInterval(poll);
      const load = /^read \d+ train events.* in ([\d.]+)s/m.exec(stderr);
      const rates = [...stderr.matchAll(/([\d.]+)k ev\/s/g)].map((m) => Number(m[1]) * 1000);
      const reported = /peak RSS (\d+) MB/.exec(stderr);
      resolve({
        peakRssMB: Math.max(Math.round(peak / 1024), reported ? Number(reported[1]) : 0),
        loadS: load ? Number(load[1]) : undefined,
        eventsPerS: rates.length ? rates[rates.length - 1] : undefined,
        wallS: (Date.now() - t0) / 1000,
        stopped,
        rc,
        stdout,
        stderr,
      });
    });
  });
}

/** HR@20 and MRR@20 of a row of the eval table printed by `vitrine train --test`. */
export function evalRow(stdout: string, name: string): { hr: number; mrr: number } | undefined {
  const line = stdout.split('\n').find((l) => l.includes(name));
  if (!line) return undefined;
  // the table is printed as aligned columns (cli/eval formatTable) or markdown cells
  const nums = line.slice(line.indexOf(name) + name.length).split(/[|\s]+/).filter((c) => /^[\d.]+$/.test(c)).map(Number);
  return nums.length >= 3 ? { hr: nums[1], mrr: nums[2] } : undefined; // columns: HR@10 HR@20 MRR@20 NDCG@10 n
}
