/**
 * The catalog of coded errors. Every code is documented in docs/errors.md (a test checks it).
 * A retired code is never reused.
 */
export const errorCodes = {
  CONFIG_INVALID: { status: 400, title: 'Configuration is invalid' },
  CONFIG_NOT_FOUND: { status: 404, title: 'Configuration file not found' },
  ROUTE_NOT_MATCHED: { status: 404, title: 'No endpoint matched the request' },
  REQUEST_BODY_TOO_LARGE: { status: 413, title: 'Request body exceeds the configured limit' },
  REQUEST_MALFORMED: { status: 400, title: 'Request could not be read' },
  TEMPLATE_RENDER_FAILED: { status: 500, title: 'Response template failed to render' },
  SEQUENCE_EXHAUSTED: { status: 404, title: 'Sequence has no more responses' },
  RATE_LIMITED: { status: 429, title: 'Too Many Requests' },
  STATE_STORE_FAILED: { status: 500, title: 'State store failed' },
  STATE_VALUE_INVALID: { status: 500, title: 'Value cannot be kept in state' },
  STATE_SCOPE_INVALID: { status: 400, title: 'Not a state scope' },
  STATE_DATA_DIR_NOT_FOUND: { status: 404, title: 'Data directory not found' },
  CRUD_ITEM_NOT_FOUND: { status: 404, title: 'No item with this id in the collection' },
  CRUD_BODY_INVALID: { status: 400, title: 'Request body is not a valid item' },
  CRUD_ITEM_CONFLICT: { status: 409, title: 'An item with this id already exists' },
  CRUD_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this CRUD resource' },
  ADMIN_KEYS_REQUIRED: { status: 500, title: 'The admin API needs API keys when it listens beyond loopback' },
  ADMIN_UNAUTHORIZED: { status: 401, title: 'An API key is required' },
  ADMIN_FORBIDDEN: { status: 403, title: 'This API key may not do this' },
  ADMIN_ROUTE_NOT_FOUND: { status: 404, title: 'No admin API route here' },
  ADMIN_REQUEST_INVALID: { status: 400, title: 'Request to the admin API is invalid' },
  ADMIN_MEDIA_TYPE_UNSUPPORTED: { status: 415, title: 'Unsupported content type' },
  CONFIG_CONFLICT: { status: 409, title: 'Configuration has conflicts' },
  CONFIG_STALE: { status: 412, title: 'Configuration changed since it was read' },
  CONFIG_NOT_FROM_FILE: { status: 409, title: 'Configuration did not come from a file' },
  VERSION_NOT_FOUND: { status: 404, title: 'No config version with this id' },
  ENDPOINT_NOT_FOUND: { status: 404, title: 'No endpoint with this id' },
  ENDPOINT_EXISTS: { status: 409, title: 'An endpoint with this id already exists' },
  WORKFLOW_NOT_FOUND: { status: 404, title: 'No workflow with this id' },
  WORKFLOW_EXISTS: { status: 409, title: 'A workflow with this id already exists' },
  WORKFLOW_STATE_INVALID: { status: 400, title: 'Not a state of this workflow' },
  STATE_KEY_NOT_FOUND: { status: 404, title: 'No state variable with this key' },
  JOURNAL_ENTRY_NOT_FOUND: { status: 404, title: 'No journal entry with this id' },
  JOURNAL_CURSOR_INVALID: { status: 400, title: 'Not a cursor of this journal' },
  PREVIEW_UNSUPPORTED: { status: 400, title: 'This response cannot be previewed' },
  INTERNAL: { status: 500, title: 'Internal error in Mimicus' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
