// The tfjs engine chunk, imported only when a job needs tfjs (see ../index.ts).
export { selectBackend } from './backend';
export { TfjsEngine } from './model';
