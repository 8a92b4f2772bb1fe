/**
 * The engine's memory: one `WebAssembly.Memory` shared by the kernels (and by every worker thread),
 * carved up by a first-fit allocator that lives on the host. Addresses are byte offsets; every block
 * is 64-byte aligned (one cache line), so SIMD loads of a block's start are aligned.
 *
 * Growing a memory replaces `memory.buffer`; views are therefore never kept: {@link EngineMemory.f32}
 * returns a view of the current buffer, re-created only when the buffer changed.
 */

import { WA, WasmMemory } from './webassembly';

/** Bytes per WebAssembly page. */
const PAGE = 65536;
/** Alignment of every block. */
export const ALIGN = 64;

/** Options of {@link EngineMemory}. */
export interface EngineMemoryOptions {
  /** First byte the allocator may hand out (the kernels' static data lies below). @default 65536 */
  base?: number;
  /** Initial size in bytes. @default 64 MiB */
  initialBytes?: number;
  /** Largest size in bytes. @default 4 GiB − 64 KiB (65535 pages) */
  maximumBytes?: number;
  /** Back it by a SharedArrayBuffer, as worker threads and the threads-enabled module need. @default true */
  shared?: boolean;
}

interface Block {
  ptr: number;
  bytes: number;
}

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The allocator and views over one WebAssembly memory. */
export class EngineMemory {
  /** The memory: a WebAssembly memory, or an object with the same shape over a plain ArrayBuffer. */
  readonly memory: WasmMemory;
  readonly shared: boolean;
  private readonly maximumPages: number;
  /** Free blocks sorted by address, coalesced. */
  private free: Block[] = [];
  private readonly used = new Map<number, number>();
  private viewBuffer: ArrayBufferLike | undefined;
  private f32View: Float32Array = new Float32Array(0);
  private i32View: Int32Array = new Int32Array(0);

  constructor(options: EngineMemoryOptions = {}) {
    const base = roundUp(options.base ?? PAGE, ALIGN);
    const initialPages = Math.max(
      1,
      Math.ceil(Math.max(options.initialBytes ?? 64 * 2 ** 20, base + PAGE) / PAGE),
    );
    this.maximumPages = Math.min(65535, Math.floor((options.maximumBytes ?? 65535 * PAGE) / PAGE));
    if (initialPages > this.maximumPages) {
      throw new Error(
        `engine memory: initial size ${initialPages} pages exceeds the maximum ${this.maximumPages}`,
      );
    }
    this.shared = options.shared ?? true;
    this.memory =
      WA !== undefined
        ? new WA.Memory({ initial: initialPages, maximum: this.maximumPages, shared: this.shared })
        : new ArrayMemory(initialPages * PAGE);
    this.free.push({ ptr: base, bytes: initialPages * PAGE - base });
  }

  /** Bytes currently reserved by the memory (allocated or not). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes that can still be handed out: the free blocks plus the room left to grow (fragmentation aside). */
  get availableBytes(): number {
    let s = (this.maximumPages - this.memory.buffer.byteLength / PAGE) * PAGE;
    for (const b of this.free) s += b.bytes;
    return s;
  }

  /** Bytes handed out and not yet freed. */
  get allocatedBytes(): number {
    let s = 0;
    for (const b of this.used.values()) s += b;
    return s;
  }

  /** Reserves `bytes` (rounded up to 64) and returns the block's address; grows the memory when needed. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0)
      throw new Error(`engine memory: cannot allocate ${bytes} bytes`);
    const size = Math.max(ALIGN, roundUp(bytes, ALIGN));
    let i = this.free.findIndex((b) => b.bytes >= size);
    if (i < 0) {
      this.grow(size);
      i = this.free.findIndex((b) => b.bytes >= size);
      if (i < 0) throw new Error(`engine memory: out of memory allocating ${bytes} bytes`);
    }
    const block = this.free[i]!;
    const ptr = block.ptr;
    if (block.bytes === size) this.free.splice(i, 1);
    else {
      block.ptr += size;
      block.bytes -= size;
    }
    this.used.set(ptr, size);
    return ptr;
  }

  /** Reserves room for `n` float32 values, zero-filled. */
  allocF32(n: number): number {
    const ptr = this.alloc(n * 4);
    this.f32().fill(0, ptr >> 2, (ptr >> 2) + n);
    return ptr;
  }

  /** Returns a block to the allocator. Freeing twice, or an address never allocated, throws. */
  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) throw new Error(`engine memory: address ${ptr} is not an allocated block`);
    this.used.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i]!.ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, bytes: size });
    // Coalesce with the right, then with the left neighbour.
    const cur = this.free[i]!;
    const right = this.free[i + 1];
    if (right !== undefined && cur.ptr + cur.bytes === right.ptr) {
      cur.bytes += right.bytes;
      this.free.splice(i + 1, 1);
    }
    const left = this.free[i - 1];
    if (left !== undefined && left.ptr + left.bytes === cur.ptr) {
      left.bytes += cur.bytes;
      this.free.splice(i, 1);
    }
  }

  private grow(atLeastBytes: number): void {
    const pages = this.memory.buffer.byteLength / PAGE;
    const wanted = Math.max(Math.ceil(atLeastBytes / PAGE) + 1, Math.ceil(pages / 2));
    const add = Math.min(wanted, this.maximumPages - pages);
    if (add < Math.ceil(atLeastBytes / PAGE)) {
      throw new Error(
        `engine memory: cannot grow beyond ${this.maximumPages} pages to fit ${atLeastBytes} bytes`,
      );
    }
    const start = pages * PAGE;
    this.memory.grow(add);
    const last = this.free[this.free.length - 1];
    if (last !== undefined && last.ptr + last.bytes === start) last.bytes += add * PAGE;
    else this.free.push({ ptr: start, bytes: add * PAGE });
  }

  private refresh(): void {
    const buf = this.memory.buffer;
    if (buf !== this.viewBuffer || buf.byteLength !== this.f32View.length * 4) {
      this.viewBuffer = buf;
      this.f32View = new Float32Array(buf);
      this.i32View = new Int32Array(buf);
    }
  }

  /** A float32 view of the whole memory (index = address / 4). Valid until the memory grows. */
  f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  /** An int32 view of the whole memory (index = address / 4). Valid until the memory grows. */
  i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }
}

/** A growable ArrayBuffer with the WebAssembly.Memory interface, for runtimes without WebAssembly. */
class ArrayMemory implements WasmMemory {
  buffer: ArrayBuffer;
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }
  grow(pages: number): number {
    const old = this.buffer;
    this.buffer = new ArrayBuffer(old.byteLength + pages * PAGE);
    new Uint8Array(this.buffer).set(new Uint8Array(old));
    return old.byteLength / PAGE;
  }
}
