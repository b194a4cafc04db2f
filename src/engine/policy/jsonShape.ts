import { printable } from '../core/printable.js';
import type { JsonObject } from './policyJson.js';

/**
 * Small typed readers for validating parsed JSON. Each throws a ShapeError naming the path
 * ("scaler.mean[3] must be a finite number"); parsers catch it once and return Parsed<T>, so the
 * validation code reads top to bottom without an if after every field.
 */
export class ShapeError extends Error {}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeError(`${path} must be an object`);
  return v as Obj;
}

export function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(`${path} must be a finite number`);
  return v;
}

export function int(v: unknown, path: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw new ShapeError(`${path} must be an integer ≥ ${min}`);
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${path} must be a string`);
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ShapeError(`${path} must be true or false`);
  return v;
}

export function nullable<T>(v: unknown, path: string, read: (v: unknown, path: string) => T): T | null {
  return v === null || v === undefined ? null : read(v, path);
}

export function finiteArray(v: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(v)) throw new ShapeError(`${path} must be an array of numbers`);
  if (length !== undefined && v.length !== length)
    throw new ShapeError(`${path} has ${v.length} values, expected ${length}`);
  return v.map((x, i) => finite(x, `${path}[${i}]`));
}

export function pair(v: unknown, path: string): [number, number] {
  const a = finiteArray(v, path, 2);
  if (!(a[0]! < a[1]!)) throw new ShapeError(`${path} must be [low, high] with low < high`);
  return [a[0]!, a[1]!];
}

export function isoTime(v: unknown, path: string): string {
  const s = str(v, path);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || !Number.isFinite(Date.parse(s)))
    throw new ShapeError(`${path} must be an ISO-8601 time such as 2024-01-01T00:00:00.000Z`);
  return s;
}

/** Parsed JSON holds only JSON values; this just narrows the type after the object check. */
export function jsonObject(v: unknown, path: string): JsonObject {
  return obj(v, path) as JsonObject;
}

/** JSON.parse as Parsed: a one-line reason with the file name instead of a SyntaxError trace. */
export function parseJsonText(
  text: string,
  label: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      error: `${label}: bad JSON (${printable((e as Error).message.split('\n')[0] ?? '', 160)})`,
    };
  }
}
