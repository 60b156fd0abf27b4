import { quoteString, type CallSite, type TemplateDialect } from '../foreign/index.js';

type Print = (expression: hbs.AST.Expression) => string;

const literal = (site: CallSite, key: string): unknown => {
  const node = site.hash[key] as { value?: unknown } | undefined;
  return node?.value;
};

/** WireMock's `randomValue type=…` as faker calls. */
const RANDOM_VALUE: Readonly<Record<string, (length: string) => string>> = {
  ALPHANUMERIC: (n) => `faker "string.alphanumeric" ${n}`,
  ALPHABETIC: (n) => `faker "string.alpha" ${n}`,
  NUMERIC: (n) => `faker "string.numeric" ${n}`,
  HEXADECIMAL: (n) => `faker "string.hexadecimal" length=${n} prefix=""`,
  ALPHANUMERIC_AND_SYMBOLS: (n) => `faker "string.sample" ${n}`,
  UUID: () => 'uuid',
};

/** The random-data extension's `{{random 'Name.first_name'}}` keys we can name in faker. */
const RANDOM_EXTENSION: Readonly<Record<string, string>> = {
  'Name.first_name': 'person.firstName',
  'Name.last_name': 'person.lastName',
  'Name.full_name': 'person.fullName',
  'Name.name': 'person.fullName',
  'Address.country': 'location.country',
  'Address.city': 'location.city',
  'Address.street_address': 'location.streetAddress',
  'Address.zip_code': 'location.zipCode',
  'Internet.email_address': 'internet.email',
  'Internet.url': 'internet.url',
  'Company.name': 'company.name',
  'PhoneNumber.phone_number': 'phone.number',
  'Lorem.sentence': 'lorem.sentence',
  'Lorem.word': 'lorem.word',
};

const OFFSET_UNITS: Readonly<Record<string, string>> = {
  second: 's',
  seconds: 's',
  minute: 'm',
  minutes: 'm',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
  month: 'mo',
  months: 'mo',
  year: 'y',
  years: 'y',
};

const MATH: Readonly<Record<string, string>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod' };

/** Java date patterns whose letters our `now format=` understands (quoted text aside). */
export function isSupportedDateFormat(format: string): boolean {
  if (['epoch', 'unix'].includes(format)) return true;
  return /^[yMdEHhmsSaX]*$/.test(format.replace(/'[^']*'/g, '').replace(/[^A-Za-z]/g, ''));
}

/**
 * WireMock's response-template helpers and request model in our terms. `pathParams`: the names of
 * a `urlPathTemplate`'s parameters (`request.path.id` in WireMock is `request.params.id` here).
 */
export function wiremockDialect(pathParams: ReadonlySet<string>): TemplateDialect {
  return {
    call(site, print) {
      switch (site.name) {
        case 'randomValue': {
          const type = String(literal(site, 'type') ?? 'ALPHANUMERIC').toUpperCase();
          const make = RANDOM_VALUE[type];
          if (make === undefined) return null;
          const length = site.hash.length === undefined ? '10' : print(site.hash.length);
          const call = make(length);
          return literal(site, 'uppercase') === true ? `upper (${call})` : call;
        }
        case 'randomInt':
          return `randomInt ${arg(site, 'lower', '0', print)} ${arg(site, 'upper', '2147483647', print)}`;
        case 'randomDecimal':
          return `randomFloat ${arg(site, 'lower', '0', print)} ${arg(site, 'upper', '1', print)}`;
        case 'pickRandom':
          return site.params.length === 0 ? null : `pick ${site.params.map(print).join(' ')}`;
        case 'now':
          return now(site, print);
        case 'math': {
          const op = (site.params[1] as { value?: unknown } | undefined)?.value;
          const name = typeof op === 'string' ? MATH[op] : undefined;
          if (name === undefined || site.params.length !== 3) return null;
          return `math "${name}" ${print(site.params[0]!)} ${print(site.params[2]!)}`;
        }
        case 'base64':
          if (site.params.length !== 1) return null;
          return literal(site, 'decode') === true ? `base64Decode ${print(site.params[0]!)}` : `base64 ${print(site.params[0]!)}`;
        case 'jsonPath': {
          if (site.params.length !== 2) return null;
          const call = `jsonPath ${print(site.params[0]!)} ${print(site.params[1]!)}`;
          return site.hash.default === undefined ? call : `default (${call}) ${print(site.hash.default)}`;
        }
        case 'random': {
          const key = (site.params[0] as { value?: unknown } | undefined)?.value;
          const method = typeof key === 'string' ? RANDOM_EXTENSION[key] : undefined;
          return method === undefined ? null : `faker ${quoteString(method)}`;
        }
        case 'state': {
          // wiremock-state-extension: {{state context='profile' property='firstName' default=''}}
          const context = literal(site, 'context');
          const property = literal(site, 'property');
          if (typeof context !== 'string' || typeof property !== 'string') return null;
          const get = `state.get ${quoteString(`${context}.${property}`)}`;
          return site.hash.default === undefined ? get : `default (${get}) ${print(site.hash.default)}`;
        }
        case 'date':
        case 'lookup':
          return undefined;
        default:
          // Our helpers of the same name and arguments (upper, lower, size, eq, …) need nothing.
          return undefined;
      }
    },
    path(original, whole) {
      if (original === 'request.body' || original === 'request.bodyAsBase64') {
        if (original === 'request.bodyAsBase64') return null;
        return whole ? 'request.bodyText' : 'request.body';
      }
      const header = /^request\.headers\.(\[[^\]]+\]|[^.[]+)(.*)$/.exec(original);
      if (header) {
        const name = header[1]!.replace(/^\[|\]$/g, '').toLowerCase();
        return `request.headers.${/^[a-z0-9_-]+$/.test(name) ? name : `[${name}]`}${header[2]}`;
      }
      const pathPart = /^request\.path(?:Segments)?\.(\[?)([^\].]+)\]?$/.exec(original);
      if (pathPart) return pathParams.has(pathPart[2]!) ? `request.params.${pathPart[2]}` : null;
      if (/^request\.(baseUrl|host|port|scheme|clientIp|id|requestLine|parts|bodyAsBase64)\b/.test(original)) return null;
      return original;
    },
  };
}

const arg = (site: CallSite, key: string, fallback: string, print: Print) => (site.hash[key] === undefined ? fallback : print(site.hash[key]));

function now(site: CallSite, print: Print): string | null {
  const parts = ['now'];
  const format = literal(site, 'format');
  if (format !== undefined) {
    if (typeof format !== 'string' || !isSupportedDateFormat(format)) return null;
    parts.push(`format=${quoteString(format === 'unix' ? 'epochSeconds' : format)}`);
  }
  const offset = literal(site, 'offset');
  if (offset !== undefined) {
    const found = typeof offset === 'string' ? /^\s*([+-]?)(\d+)\s+([a-z]+)\s*$/i.exec(offset) : null;
    const unit = found ? OFFSET_UNITS[found[3]!.toLowerCase()] : undefined;
    if (!found || unit === undefined) return null;
    parts.push(`offset="${found[1] === '-' ? '-' : '+'}${found[2]}${unit}"`);
  }
  const timezone = literal(site, 'timezone');
  if (timezone !== undefined && !['UTC', 'GMT', 'Z'].includes(String(timezone))) return null;
  if (site.params.length > 0 || Object.keys(site.hash).some((key) => !['format', 'offset', 'timezone'].includes(key))) {
    return site.params.length === 0 ? parts.join(' ') : null;
  }
  void print;
  return parts.join(' ');
}
