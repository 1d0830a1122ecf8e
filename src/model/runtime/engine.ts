import type { BackendName } from '../../common/types';
import { scoreJob, type Job } from '../arch/job';
import type { TowerTables } from '../arch/types';

/** Something that runs the model's arithmetic for a prepared job: the plain typed-array engine or a tfjs backend. */
export interface Engine {
  readonly name: BackendName;
  score(job: Job): Promise<Float32Array> | Float32Array;
  /** Live tfjs tensors (0 for the JS engine). */
  numTensors(): number;
  dispose(): void;
}

/** The plain typed-array engine: src/model/arch's forward pass itself, no tfjs. */
export function jsEngine(tables: TowerTables): Engine {
  return { name: 'js', score: (job) => scoreJob(job, tables) as Float32Array, numTensors: () => 0, dispose() {} };
}
