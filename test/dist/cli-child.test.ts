/**
 * The commands that read whole logs run in a child process with glibc's mmap threshold fixed
 * (cli/memory.ts inFixedMmapChild), on Linux: the child has the variable, a kill of the CLI
 * reaches it (no orphaned trainer), its exit code is the CLI's, and a value the user set keeps
 * everything in one process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CLI, runCli, scratch, write } from './cli-helpers';

const linux = process.platform === 'linux' && existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
const children = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

/** A log that takes a few seconds per epoch to train. */
function bigLog(dir: string): void {
  const lines = ['session,item,time'];
  for (let s = 0; s < 4000; s++) for (let e = 0; e < 6; e++) lines.push(`s${s},i${(s * 7 + e) % 500},${1569888000 + s * 60 + e}`);
  write(dir, 'train.csv', lines.join('\n') + '\n');
}

/** Starts `vitrine train` (many epochs) and resolves once training has begun. */
function startTraining(dir: string, env: NodeJS.ProcessEnv) {
  const p = spawn(process.execPath, [CLI, 'train', '--events', 'train.csv', '--out', 'm', '--epochs', '1000', '--threads', '1', '--no-item-to-item', '--cache', 'cache'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const started = new Promise<void>((resolve) => p.stderr.on('data', (d) => ((err += d), /epoch 1\//.test(err) && resolve())));
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { p, started, exited, stderr: () => err };
}

test('train runs in a child with MALLOC_MMAP_THRESHOLD_ set; a SIGTERM to the CLI ends the child too', { skip: !linux && 'Linux only' }, async () => {
  const dir = scratch('vitrine-child-');
  bigLog(dir);
  const env = { ...process.env };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const run = startTraining(dir, env);
  await run.started;
  const kids = children(run.p.pid!);
  assert.equal(kids.length, 1, `one child process: ${kids}`);
  const environ = readFileSync(`/proc/${kids[0]}/environ`, 'utf8').split('\0');
  assert.ok(environ.includes('MALLOC_MMAP_THRESHOLD_=131072'), 'the child has the fixed threshold');
  run.p.kill('SIGTERM');
  const code = await run.exited;
  assert.equal(code, 128 + 15, `the CLI exits as its child was ended (${code}): ${run.stderr().slice(-300)}`);
  for (let i = 0; i < 50 && alive(kids[0]); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!alive(kids[0]), 'the child is gone');
  // a SIGINT sent to the CLI alone (not to the terminal's group) ends the child as well
  const again = startTraining(dir, env);
  await again.started;
  const [kid] = children(again.p.pid!);
  again.p.kill('SIGINT');
  assert.equal(await again.exited, 128 + 2);
  for (let i = 0; i < 50 && alive(kid); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!alive(kid), 'the child is gone after SIGINT');
});

test('a threshold the user set is kept and the command runs in one process; exit codes pass through the child', { skip: !linux && 'Linux only' }, async () => {
  const dir = scratch('vitrine-child-');
  bigLog(dir);
  const run = startTraining(dir, { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536' });
  await run.started;
  assert.deepEqual(children(run.p.pid!), [], 'no child process');
  run.p.kill('SIGTERM');
  await run.exited;
  const env = { ...process.env };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const bad = runCli(dir, ['train', '--events', 'missing.csv', '--out', 'm2'], { env });
  assert.notEqual(bad.status, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1, `one line from the child: ${bad.stderr}`);
  assert.match(bad.stderr, /missing\.csv/);
});
