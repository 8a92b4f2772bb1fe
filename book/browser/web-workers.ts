/**
 * The engine's worker threads in a browser: each is a Web Worker made from the engine's own loop
 * (`KERNEL_WORKER_LOOP`, src/engine/pool.ts) as a blob: script — a page opened from the file system
 * may not load a worker from a file. Posting the engine's shared memory to a worker needs a
 * cross-origin isolated page (COOP + COEP headers); elsewhere the engine runs on one thread.
 */
import { KERNEL_WORKER_LOOP, SpawnKernelWorker } from '../../src/engine/index';

/** `spawnWorker` of `createEngineFromBytes` for a browser (called from a worker: the host thread waits). */
export const spawnWebWorker: SpawnKernelWorker = (data, onMessage) => {
  const source =
    `${KERNEL_WORKER_LOOP}\n` +
    'onmessage = (e) => { onmessage = null; const d = e.data; ' +
    'kernelWorkerLoop(d.module, d.memory, d.slot, d.names, (m) => postMessage(m)); };\n';
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(`engine worker: ${e.message}`));
    worker.onmessage = () => {
      worker.onmessage = (m: MessageEvent<unknown>) => onMessage(String(m.data));
      URL.revokeObjectURL(url);
      resolve();
    };
  });
  worker.postMessage(data);
  return { ready, terminate: () => worker.terminate() };
};
