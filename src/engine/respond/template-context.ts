import type { MockRequest, TemplateContext } from '../../plan/index.js';

/** What a template sees of the request. */
export function templateContext(request: MockRequest): TemplateContext {
  return {
    request: {
      method: request.method,
      path: request.path,
      url: request.url,
      params: request.params,
      query: request.query,
      headers: request.headers,
      cookies: request.cookies,
      body: request.bodyJson ?? request.bodyText,
      bodyText: request.bodyText,
    },
  };
}
