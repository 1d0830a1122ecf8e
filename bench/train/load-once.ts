/**
 * Reads one events file (or part folder) with the CLI's loader and prints one JSON line:
 * seconds, events, sessions and the process's peak RSS (for bench/train/formats.ts, one
 * process per reading so each peak is its own). Usage: tsx bench/train/load-once.ts FILE [columns JSON]
 */
import { loadData } from '../../cli/load';
import { peakRssMB } from '../../cli/memory';

const [file, columns] = process.argv.slice(2);
const t0 = performance.now();
const data = await loadData({ train: file, columns: columns ? JSON.parse(columns) : undefined });
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ seconds, events: data.trainEvents, sessions: data.train.length, peakMB: peakRssMB() }));
