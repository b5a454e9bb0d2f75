type NumberColumn = Int32Array | Float64Array;

/** An append-only typed-array column that doubles its capacity, so a file streams into flat
 * memory with no object per row. */
export class GrowableColumn<T extends NumberColumn> {
  private data: T;
  length = 0;

  constructor(
    private readonly allocate: (capacity: number) => T,
    initialCapacity = 1024,
  ) {
    this.data = allocate(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.allocate(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part, trimmed to length. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export const growableInt32 = () => new GrowableColumn((n) => new Int32Array(n));
export const growableFloat64 = () => new GrowableColumn((n) => new Float64Array(n));
