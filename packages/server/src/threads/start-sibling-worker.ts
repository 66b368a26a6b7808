/**
 * Starts a worker thread running a module that sits beside the caller's file: the compiled `.js`
 * when the server runs from dist, or the `.ts` source when it runs under tsx (tests), after
 * registering tsx's loader in the new thread, which does not inherit loader hooks on Node 20.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startSiblingWorker(callerUrl: string, moduleName: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${moduleName}.js`, callerUrl), { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const file = new URL(`./${moduleName}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}
