import type { TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';
import { invalidInput } from './errors.js';

/**
 * Checks a value against a TypeBox schema outside HTTP (config, CLI flags, job payloads) and
 * throws the same 400-style error the HTTP layer gives: the field path and the rule.
 */
export function checkValue<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  if (Value.Check(schema, value)) return value as Static<T>;
  const first = Value.Errors(schema, value)[0];
  const field = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
  const message = `${what}${field ? ` ${field}` : ''}: ${first?.message ?? 'is invalid'}`;
  throw invalidInput('INVALID_INPUT', message, { field, rule: first?.keyword });
}
