/**
 * Named scratch tensors that keep their memory between calls and grow only when a call needs more —
 * a layer run with numSteps 64 and then 1 (training, then sampling) reallocates nothing.
 */
import { Engine } from './engine';
import { Tensor } from './tensor';

export class Workspace {
  private readonly blocks = new Map<string, Tensor>();

  constructor(private readonly engine: Engine) {}

  /** Address of a block of at least `floats` floats (contents kept unless it had to grow). */
  get(name: string, floats: number): number {
    return this.tensor(name, floats).ptr;
  }

  /** The tensor behind {@link Workspace.get}. */
  tensor(name: string, floats: number): Tensor {
    const t = this.blocks.get(name);
    if (t !== undefined && t.size >= floats) return t;
    t?.dispose();
    const fresh = this.engine.tensor([Math.max(1, floats)]);
    this.blocks.set(name, fresh);
    return fresh;
  }

  dispose(): void {
    for (const t of this.blocks.values()) t.dispose();
    this.blocks.clear();
  }
}
