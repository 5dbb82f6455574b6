// Helper types over the generated contract (types/api.d.ts, made by `npm run types` from openapi/salon.v1.json):
// the desk names an operation by method and path template, and its parameters, body and answer follow from the
// OpenAPI document, so a contract change that breaks the desk fails `tsc`.
import type { components, paths } from './api';

export type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'delete';
type Op<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;
export type PathOf<M extends Method> = { [P in keyof paths]: Op<P, M> extends never ? never : P }[keyof paths];
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
type Ok<R> = R extends { 200: infer A } ? A : R extends { 201: infer B } ? B : R extends { 204: infer C } ? C : never;
export type Answer<P extends keyof paths, M extends Method> =
    Op<P, M> extends { responses: infer R } ? Json<Ok<R>> : never;
export type Body<P extends keyof paths, M extends Method> =
    Op<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : undefined;
type Params<P extends keyof paths, M extends Method> = Op<P, M> extends { parameters: infer X } ? X : never;
export type PathParams<P extends keyof paths, M extends Method> =
    Params<P, M> extends { path: infer X } ? X : Record<string, never>;
export type QueryParams<P extends keyof paths, M extends Method> =
    Params<P, M> extends { query?: infer X } ? (X extends undefined ? never : X) : never;
export type Request<P extends keyof paths, M extends Method> = {
    path?: PathParams<P, M>;
    query?: QueryParams<P, M>;
    body?: Body<P, M>;
    idempotencyKey?: string;
    ifMatch?: string;
};
/** The item type of a paged list's answer (items, pageNumber, pageSize, total). */
export type Item<P extends keyof paths> = Answer<P, 'get'> extends { items: (infer T)[] } ? T : never;
export type PagedPath = { [P in PathOf<'get'>]: Item<P> extends never ? never : P }[PathOf<'get'>];
