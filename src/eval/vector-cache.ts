/**
 * On-disk cache of text vectors for one encoder, so repeat eval runs skip the model:
 * `<dir>/texts.json` (row order) + `<dir>/vectors.f32` (rows × dims float32, little endian).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class VectorCache {
  private rows = new Map<string, number>();
  private data = new Float32Array(0);
  private pending: Array<[string, Float32Array]> = [];

  constructor(private readonly dir: string, readonly dims: number) {
    const texts = join(dir, 'texts.json');
    const vecs = join(dir, 'vectors.f32');
    if (!existsSync(texts) || !existsSync(vecs)) return;
    const list = JSON.parse(readFileSync(texts, 'utf8')) as string[];
    const buf = readFileSync(vecs);
    const data = new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4));
    if (data.length !== list.length * dims) return; // torn write: start over rather than misalign
    this.data = data;
    list.forEach((t, i) => this.rows.set(t, i));
  }

  has(text: string): boolean {
    return this.rows.has(text);
  }

  /** A view of the cached vector (do not mutate), or null. */
  get(text: string): Float32Array | null {
    const r = this.rows.get(text);
    return r === undefined ? null : this.data.subarray(r * this.dims, (r + 1) * this.dims);
  }

  put(text: string, v: Float32Array): void {
    if (this.rows.has(text) || v.length !== this.dims) return;
    this.pending.push([text, v]);
    this.rows.set(text, this.rows.size);
  }

  /** Write everything, old rows first, then pending rows in insertion order. */
  save(): void {
    if (this.pending.length === 0) return;
    const old = this.data.length / this.dims;
    const data = new Float32Array((old + this.pending.length) * this.dims);
    data.set(this.data);
    this.pending.forEach(([, v], i) => data.set(v, (old + i) * this.dims));
    const texts = [...this.rows.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'vectors.f32'), new Uint8Array(data.buffer));
    writeFileSync(join(this.dir, 'texts.json'), JSON.stringify(texts));
    this.data = data;
    this.pending = [];
  }
}
