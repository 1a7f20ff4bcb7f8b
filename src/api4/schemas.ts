// TypeBox building blocks for request schemas, and their compiled checkers (built on a route's first request).
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

const checks = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The schema's compiled checker, compiled once. */
export function compiled(schema: TSchema): TypeCheck<TSchema> {
  let c = checks.get(schema);
  if (!c) checks.set(schema, (c = TypeCompiler.Compile(schema)));
  return c;
}

/** An optional string that may also be null (Go's JSON decoding reads null into ""). */
export const OptStr = (opts: object = {}) => Type.Optional(Type.Union([Type.String(), Type.Null()], opts));
/** An optional boolean that may also be null. */
export const OptBool = () => Type.Optional(Type.Union([Type.Boolean(), Type.Null()]));
/** An optional number that may also be null. */
export const OptNum = () => Type.Optional(Type.Union([Type.Number(), Type.Null()]));
/** A 26-character id. */
export const Id = (opts: object = {}) => Type.String({ pattern: '^[a-z0-9]{26}$', ...opts });
/** A JSON object of anything (props, notify_props …). */
export const AnyObject = () => Type.Record(Type.String(), Type.Unknown());
/** An optional query-string value. */
export const Q = () => Type.Optional(Type.String());
/** A body that is a list of ids (`param` names it in the 400), at most `max`. */
export const IdList = (param: string, max = 1000, min = 1) => Type.Array(Id(), { minItems: min, maxItems: max, param });
/** Mattermost's paging parameters. */
export const PagingQuery = { page: Q(), per_page: Q() };
/** An optional id in a query string; '' is the same as absent. */
export const QId = () => Type.Optional(Type.String({ pattern: '^([a-z0-9]{26})?$' }));
