/** The methods an endpoint may name; the schema's MethodSchema accepts exactly these (a type test checks). */
export const HttpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'] as const;
