/**
 * Small typed readers for JSON read back from disk (a baseline may be old or hand-edited). A
 * reader either returns a value of the model type or throws `Malformed` naming the JSON path; the
 * caller catches it per entry, so one bad entry is skipped instead of crashing the comparison.
 */

/** A value in a file that does not have the shape of the model. Caught per entry, never escapes `readReport`. */
export class Malformed extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

export type Reader<T> = (value: unknown, path: string) => T;

/** One reader per field of T; the mapped type makes tsc flag a model field without a reader. */
export type Shape<T> = { [K in keyof T]-?: Reader<T[K]> };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const asString: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw new Malformed(path, 'a string');
  return value;
};

export const asBoolean: Reader<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new Malformed(path, 'true or false');
  return value;
};

export const asNumber: Reader<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(path, 'a number');
  return value;
};

/** One of a closed vocabulary (reason codes, phases, settings, ...). */
export function asOneOf<T extends string | number>(values: readonly T[], what: string): Reader<T> {
  return (value, path) => {
    if (!(values as readonly unknown[]).includes(value)) throw new Malformed(path, what);
    return value as T;
  };
}

export function asNullable<T>(read: Reader<T>): Reader<T | null> {
  return (value, path) => (value === null ? null : read(value, path));
}

export function asArray<T>(read: Reader<T>): Reader<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new Malformed(path, 'an array');
    return value.map((item, index) => read(item, `${path}[${index}]`));
  };
}

/**
 * A field that older files may lack: absent means `fallback`. Present with the wrong type is still
 * malformed (the file was edited, not merely old).
 */
export function withDefault<T>(read: Reader<T>, fallback: () => T): Reader<T> {
  return (value, path) => (value === undefined ? fallback() : read(value, path));
}

/** An object read field by field; keys not in the shape are dropped. */
export function asRecord<T>(shape: Shape<T>): Reader<T> {
  return (value, path) => {
    if (!isPlainObject(value)) throw new Malformed(path, 'an object');
    const out: Partial<T> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const own = Object.hasOwn(value, key) ? value[key] : undefined;
      out[key] = shape[key](own, `${path}.${key}`);
    }
    return out as T;
  };
}
