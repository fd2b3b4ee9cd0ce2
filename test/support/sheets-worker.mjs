// Node 20 does not hand tsx's loader to worker threads: this plain module loads the TypeScript worker through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sheets-worker.ts', import.meta.url);
