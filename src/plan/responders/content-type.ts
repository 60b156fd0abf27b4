/**
 * The content-type we add when the config gives none: JSON bodies are far more common in mocks
 * than anything else, so a body that parses as a JSON object or array is served as JSON.
 */
export function inferContentType(body: string, isJson: boolean): string {
  if (isJson) return 'application/json';
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      JSON.parse(body);
      return 'application/json';
    } catch {
      // not JSON: fall through to text
    }
  }
  return 'text/plain; charset=utf-8';
}
