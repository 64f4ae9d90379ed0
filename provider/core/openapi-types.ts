/**
 * Type-level helpers that name a family's wire types from the `paths` openapi-typescript generates
 * (generated/<family>.ts): the JSON body of a response or of a request.
 */
type JsonBody<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** The JSON body of the `status` response of `method` on `path`. */
export type ResponseOf<Paths, P extends keyof Paths, M extends keyof Paths[P], S extends number> = Paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? JsonBody<R[S]>
    : never
  : never;

/** The JSON request body of `method` on `path`. */
export type RequestOf<Paths, P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonBody<NonNullable<B>>
  : never;
