import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { invalidInput } from '../errors.js';

type BuildValidator = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator'];

const AJV_OPTIONS = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

/**
 * Query strings and path parameters arrive as text, so `?limit=20` must become 20 (and `?x=a`
 * an array where the schema wants one). A JSON body already carries its types: coercing it would
 * store `"birthYear": "1990"` as 1990 and `"icd10": ["Q87.0"]` as a string, so bodies are
 * validated strictly. One Ajv per behaviour, picked by the part of the request being validated.
 */
export function validatorCompilers(): { buildValidator: BuildValidator } {
  const factory = AjvCompiler();
  const buildValidator = ((externalSchemas: unknown, ajvOptions: { customOptions?: object; plugins?: unknown[] }) => {
    const build = (coerceTypes: false | 'array') =>
      factory(externalSchemas as never, { ...ajvOptions, customOptions: { ...ajvOptions.customOptions, ...AJV_OPTIONS, coerceTypes } } as never);
    const strict = build(false);
    const coercing = build('array');
    return (route: { httpPart?: string }) => (route.httpPart === 'body' ? strict : coercing)(route as never);
  }) as unknown as BuildValidator;
  return { buildValidator };
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a NUL reaching a query is a driver error
 * (a 500). Refused here, once for every route, before validation: `body.name: must not contain
 * a NUL character`. Raw upload bodies (streams, buffers) are not walked: they are files.
 */
export function installNulCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const field = findNul(value, part);
      if (field !== undefined) {
        throw invalidInput('INVALID_INPUT', `${field}: must not contain a NUL character (U+0000)`, { field, rule: 'nul' });
      }
    }
  });
}

function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (value === null || typeof value !== 'object' || !isData(value)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}.${key}` : `${path}.${key.replaceAll('\0', '\\0')}`;
    if (key.includes('\0')) return here;
    const found = findNul(v, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parsed JSON, query strings (fast-querystring's prototype-less objects) and params; not streams or bytes. */
function isData(value: object): boolean {
  return !ArrayBuffer.isView(value) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}
