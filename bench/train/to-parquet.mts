import { readFileSync } from 'node:fs';
import { parquetWriteFile } from 'hyparquet-writer';
const [src, dst, codec, groupRows] = process.argv.slice(2);
const lines = readFileSync(src, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
parquetWriteFile({ filename: dst, codec: codec as any, rowGroupSize: Number(groupRows), columnData: [
  { name: 'session', data: lines.map((r) => r[0]), type: 'STRING' },
  { name: 'item', data: lines.map((r) => r[1]), type: 'STRING' },
  { name: 'event_time', data: lines.map((r) => new Date(Math.round(Number(r[2]) * 1000))), type: 'TIMESTAMP' },
  { name: 'type', data: lines.map((r) => r[3]), type: 'STRING' },
]});
