import type { ResponseConfig } from '../../config/index.js';
import { translateTemplate } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';
import { mockoonDialect } from './mockoon-dialect.js';

type Json = Record<string, unknown>;

export interface ResponseContext {
  warnings: ImportWarning[];
  /** A file body's text from the input's files, by Mockoon's `filePath`. */
  readFile(path: string): { path: string; text: string } | undefined;
  addBodyFile(path: string, text: string): string;
  /** A data bucket's raw value by id or name. */
  bucket(id: string): { name: string; value: string } | undefined;
}

/** Translates a Mockoon template; untemplated text is returned with `template: false`. */
export function template(text: string, where: string, disabled: boolean, warnings: ImportWarning[]): { text: string; template: boolean } {
  if (disabled) return { text, template: false };
  const translated = translateTemplate(text, mockoonDialect);
  if (!translated.hasMustaches) return { text, template: false };
  if (translated.syntaxError !== undefined) {
    warnings.push({ source: where, message: `not a valid Handlebars template (${translated.syntaxError}): served as written` });
    return { text, template: false };
  }
  for (const what of translated.unsupported)
    warnings.push({ source: where, message: `template helper or value "${what}" has no equivalent: that expression is served as literal text` });
  return { text: translated.text, template: true };
}

/** One Mockoon route response (status, headers, inline / file / data bucket body) as ours. */
export function convertResponse(response: Json, at: string, context: ResponseContext): ResponseConfig {
  const { warnings } = context;
  const out: ResponseConfig = {};
  const disabled = response.disableTemplating === true;
  let templated = false;
  const status = Number(response.statusCode ?? 200);
  if (status !== 200 && status >= 100 && status <= 599) out.status = status;
  const headers = Array.isArray(response.headers) ? (response.headers as Json[]) : [];
  for (const [i, header] of headers.entries()) {
    if (typeof header?.key !== 'string' || header.key === '') continue;
    const value = template(String(header.value ?? ''), `${at}.headers[${i}]`, disabled, warnings);
    templated ||= value.template;
    const existing = (out.headers ??= {})[header.key];
    out.headers[header.key] = existing === undefined ? value.text : [existing, value.text].flat();
  }
  const bodyType = response.bodyType ?? (response.filePath ? 'FILE' : 'INLINE');
  if (bodyType === 'FILE' && typeof response.filePath === 'string' && response.filePath !== '') {
    const file = context.readFile(response.filePath);
    if (file === undefined) {
      warnings.push({
        source: `${at}.filePath`,
        message: `"${response.filePath}" is not among the input files: ${response.fallbackTo404 === true ? 'answers 404, as Mockoon does for a missing file' : 'served without a body'}`,
      });
      if (response.fallbackTo404 === true) out.status = 404;
    } else {
      const body = template(file.text, `${at}.filePath`, disabled, warnings);
      templated ||= body.template;
      out.bodyFile = context.addBodyFile(file.path, body.text);
    }
  } else if (bodyType === 'DATABUCKET') {
    const bucket = context.bucket(String(response.databucketID ?? ''));
    if (bucket === undefined) warnings.push({ source: `${at}.databucketID`, message: 'no such data bucket: served without a body' });
    else {
      const body = template(bucket.value, `${at}.databucketID`, disabled, warnings);
      templated ||= body.template;
      out.body = body.text;
    }
  } else if (typeof response.body === 'string' && response.body !== '') {
    const body = template(response.body, `${at}.body`, disabled, warnings);
    templated ||= body.template;
    out.body = body.text;
  }
  if (templated) out.template = true;
  if (Array.isArray(response.callbacks) && response.callbacks.length > 0)
    warnings.push({ source: `${at}.callbacks`, message: 'callbacks (requests sent after answering) are not importable: ignored' });
  return out;
}
