/** A WGSL scalar type a uniform field may have (all four bytes). */
export type UniformScalar = 'u32' | 'f32';

export interface UniformStruct<Field extends string> {
  /** `struct Name { … };`, fields in table order. */
  readonly wgsl: string;
  /** Byte size, padded to WGSL's 16-byte alignment of uniform structs. */
  readonly byteSize: number;
  /** Writes every field's value at its offset (u32 fields as unsigned integers), the struct
   * starting at `byteOffset` of `target` (e.g. one of many per-step uniforms). */
  write(target: ArrayBuffer, values: Readonly<Record<Field, number>>, byteOffset?: number): void;
}

/**
 * A uniform struct and the code that writes it, from one table: the WGSL layout and the host's
 * offsets cannot drift apart (a field added in one place and not the other would silently shift
 * every later field).
 */
export function uniformStruct<const Fields extends readonly (readonly [string, UniformScalar])[]>(
  name: string,
  fields: Fields,
): UniformStruct<Fields[number][0]> {
  const members = fields.map(([field, type]) => `  ${field}: ${type},`).join('\n');
  return {
    wgsl: `struct ${name} {\n${members}\n};`,
    byteSize: Math.ceil((fields.length * 4) / 16) * 16,
    write(target, values, byteOffset = 0) {
      const u32 = new Uint32Array(target, byteOffset, fields.length);
      const f32 = new Float32Array(target, byteOffset, fields.length);
      fields.forEach(([field, type], index) => {
        const value = values[field as Fields[number][0]];
        if (type === 'u32') u32[index] = value;
        else f32[index] = value;
      });
    },
  };
}
