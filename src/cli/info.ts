import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Command, noPositionals, printJson } from './command';
import { useBestBackend, availableBackends } from '../tfjs';
import { projectRoot } from '../paths';
import { profile } from '../profile';
import { createEngine } from '../engine';

function versionOf(pkg: string): string | null {
  try {
    const file = require.resolve(`${pkg}/package.json`, { paths: [projectRoot()] });
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Where `npm start` / `npm test` register the TypeScript kernel. */
export function kernelSpecPath(): string {
  return path.join(projectRoot(), '.jupyter', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
}

export const command: Command = {
  name: 'info',
  summary: 'versions, the tfjs backend in use, and whether the Jupyter kernel is registered',
  usage: '[--json]',
  options: { json: { type: 'boolean', description: 'print one JSON object' } },
  async run(args) {
    noPositionals(args);
    const backend = await useBestBackend({ log: false });
    const spec = kernelSpecPath();
    const engine = await createEngine();
    const engineKernels = engine.describe().replace(/^rnnlab engine: /, '');
    await engine.dispose();
    const info = {
      rnnlab:
        versionOf('rnnlab') ??
        (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
          .version,
      node: process.version,
      tfjs: tf.version.tfjs,
      tslab: versionOf('tslab'),
      tfjsNode: versionOf('@tensorflow/tfjs-node'),
      backend,
      backendsAvailable: availableBackends(),
      engine: engineKernels,
      profile: profile(),
      kernelRegistered: fs.existsSync(spec),
      kernelSpec: spec,
    };
    if (args.values.json) {
      printJson(info);
    } else {
      for (const [k, v] of Object.entries(info))
        console.log(`${k.padEnd(18)}${Array.isArray(v) ? v.join(', ') : String(v)}`);
      if (!info.kernelRegistered)
        console.log('\nThe kernel is registered by `npm start` or `npm test` (scripts/setup.js).');
    }
    return 0;
  },
};
