import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the folder with rnnlab's package.json (dist/ and src/ are one level below). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'rnnlab'
    )
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find rnnlab's package.json above ${__dirname}`);
    dir = up;
  }
}

/** A path inside the project's data/ folder. */
export function dataPath(...parts: string[]): string {
  return path.join(projectRoot(), 'data', ...parts);
}
