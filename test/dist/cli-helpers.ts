/** Helpers for the built-CLI tests: spawn dist/cli.mjs in a scratch folder, write fixtures, check refusals. */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist/cli.mjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch folder readable by every user (the permission tests run the CLI as `nobody` when we are root). */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export function runCli(cwd: string, args: readonly string[], opts: SpawnSyncOptions = {}): Run {
  const env = { ...process.env };
  delete env.VITRINE_DEBUG;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20, env, ...opts });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export function write(dir: string, name: string, content: string | Uint8Array): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}

/** 20 sessions of 4 events over 12 items, unix seconds in October 2019. */
export function eventsCsv(opts: { header?: string; sessions?: number } = {}): string {
  const lines = [opts.header ?? 'session,item,time,type'];
  const n = opts.sessions ?? 20;
  for (let s = 0; s < n; s++)
    for (let e = 0; e < 4; e++) lines.push(`s${s},i${(s * 3 + e) % 12},${1569888000 + s * 100 + e},${e === 3 ? 'add_to_cart' : 'view'}`);
  return lines.join('\n') + '\n';
}

export function catalogCsv(): string {
  const lines = ['item,title,category,brand,price'];
  for (let i = 0; i < 12; i++) lines.push(`i${i},Item ${i},cat.c${i % 3},brand${i % 2},${10 + i}.50`);
  return lines.join('\n') + '\n';
}

/** Flags that make a training run take a moment on the tiny fixtures. */
export const FAST = ['--epochs', '1', '--dim', '4', '--buckets', '64', '--quiet', '--cache', 'cache'];

export interface Refusal {
  /** The file the line must name (as given on the command line). */
  file?: string;
  /** The line number it must name, as FILE:LINE. */
  line?: number;
  /** What the message must say (including what to do). */
  says: RegExp;
}

/**
 * A refusal: non-zero exit (not a crash by signal or timeout), exactly one line on stderr that
 * starts with "vitrine: ", names the file (and line), says what to do, holds no stack trace and
 * no dump of the input, and nothing printed on stdout (no table of zeros).
 */
export function assertRefused(r: Run, want: Refusal, label = ''): void {
  const ctx = `${label}\n--- stderr:\n${r.stderr.slice(0, 2000)}\n--- stdout:\n${r.stdout.slice(0, 500)}`;
  assert.ok(r.status !== null && r.status !== 0, `expected a non-zero exit, got ${r.status} ${ctx}`);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `expected one line on stderr ${ctx}`);
  const line = lines[0];
  assert.ok(line.startsWith('vitrine: '), `the line starts with "vitrine: " ${ctx}`);
  assert.ok(line.length <= 400, `one short line (${line.length} chars) ${ctx}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+/m, `no stack trace ${ctx}`);
  assert.doesNotMatch(line, /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b|Invalid typed array|ERR_[A-Z_]{4,}/, `no raw error ${ctx}`);
  if (want.file !== undefined) {
    const where = want.line !== undefined ? `${want.file}:${want.line}:` : want.file;
    assert.ok(line.includes(where), `names ${where} ${ctx}`);
  }
  assert.match(line, want.says, ctx);
  assert.equal(r.stdout.trim(), '', `nothing on stdout ${ctx}`);
}

export function assertOk(r: Run, label = ''): void {
  assert.equal(r.status, 0, `${label} exit ${r.status}\n--- stderr:\n${r.stderr.slice(0, 2000)}`);
}
