import { quoteString, type CallSite, type TemplateDialect } from '../foreign/index.js';

type Print = (expression: hbs.AST.Expression) => string;

/** Faker paths that moved between the faker major Mockoon shipped and ours. */
const FAKER_RENAMES: Readonly<Record<string, string>> = {
  'internet.userName': 'internet.username',
  'name.firstName': 'person.firstName',
  'name.lastName': 'person.lastName',
  'name.findName': 'person.fullName',
  'name.fullName': 'person.fullName',
  'name.jobTitle': 'person.jobTitle',
  'random.uuid': 'string.uuid',
  'datatype.uuid': 'string.uuid',
  'datatype.number': 'number.int',
  'datatype.float': 'number.float',
  'random.number': 'number.int',
  'random.alphaNumeric': 'string.alphanumeric',
  'random.word': 'word.sample',
  'random.words': 'word.words',
  'company.companyName': 'company.name',
  'phone.phoneNumber': 'phone.number',
  'internet.avatar': 'image.avatar',
  'image.imageUrl': 'image.url',
  'address.city': 'location.city',
  'address.country': 'location.country',
  'address.streetAddress': 'location.streetAddress',
  'address.zipCode': 'location.zipCode',
};

const text = (node: hbs.AST.Expression | undefined): string | undefined =>
  node !== undefined && node.type === 'StringLiteral' ? (node as hbs.AST.StringLiteral).value : undefined;

/** `a.b.0` (Mockoon's object-path, `\.` escapes a dot) or `$.a` as a JSONPath. */
export function toJsonPath(path: string): string {
  if (path.startsWith('$')) return path;
  const parts = path.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
  return `$${parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `[${JSON.stringify(part)}]`)).join('')}`;
}

/** `lookup <object> "<name>"`, or a JSONPath when the name is a path; with a default when given. */
function read(object: string, site: CallSite, print: Print, lowerCase = false): string | null {
  const first = site.params[0];
  if (first === undefined) return object === 'request.body' ? 'request.bodyText' : `json ${object}`;
  const name = text(first);
  let value: string;
  if (name === undefined) value = `lookup ${object} ${print(first)}`;
  else if (name === '') value = object === 'request.body' ? 'request.bodyText' : `json ${object}`;
  else if (/^[^.[$]+$/.test(name) || lowerCase) value = `lookup ${object} ${quoteString(lowerCase ? name.toLowerCase() : name)}`;
  else value = `jsonPath ${object} ${quoteString(toJsonPath(name))}`;
  const fallback = site.params[1];
  return fallback === undefined ? value : `default (${value}) ${print(fallback)}`;
}

const MATH: Readonly<Record<string, string>> = { add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', modulo: 'mod' };

/** Mockoon's templating helpers in our terms (https://mockoon.com/docs/latest/templating/overview/). */
export const mockoonDialect: TemplateDialect = {
  call(site, print) {
    const args = () => site.params.map(print).join(' ');
    switch (site.name) {
      case 'body':
      case 'bodyRaw':
        return read('request.body', site, print);
      case 'queryParam':
      case 'queryParamRaw':
        return read('request.query', site, print);
      case 'urlParam':
        return read('request.params', site, print);
      case 'header':
        return read('request.headers', site, print, true);
      case 'cookie':
        return read('request.cookies', site, print);
      case 'method':
        return 'request.method';
      case 'faker': {
        const path = text(site.params[0]);
        if (path === undefined) return null;
        const renamed = FAKER_RENAMES[path] ?? path;
        const rest = [...site.params.slice(1).map(print), ...Object.entries(site.hash).map(([k, v]) => `${k}=${print(v)}`)];
        return [`faker ${quoteString(renamed)}`, ...rest].join(' ');
      }
      case 'oneOf':
        // oneOf takes an array; a lone string is Mockoon's one-element list.
        if (site.params.length !== 1) return null;
        return site.params[0]!.type === 'StringLiteral' ? `pick (array ${print(site.params[0]!)})` : `pick ${print(site.params[0]!)}`;
      case 'int':
        return `randomInt ${site.params.length >= 2 ? args() : '0 100'}`;
      case 'float':
        return `randomFloat ${site.params.length >= 2 ? args() : '0 100'}`;
      case 'boolean':
        return 'pick true false';
      case 'uuid':
      case 'guid':
        return 'uuid';
      case 'now': {
        const format = text(site.params[0]);
        if (site.params.length === 0) return 'now';
        if (format === undefined || !/^[yMdEHhmsSaX]*$/.test(format.replace(/'[^']*'/g, '').replace(/[^A-Za-z]/g, ''))) return null;
        return `now format=${quoteString(format)}`;
      }
      case 'lowercase':
        return site.params.length === 1 ? `lower ${args()}` : null;
      case 'uppercase':
        return site.params.length === 1 ? `upper ${args()}` : null;
      case 'stringify':
        return site.params.length === 1 ? `json ${args()} pretty=true` : null;
      case 'len':
        return site.params.length === 1 ? `size ${args()}` : null;
      case 'add':
      case 'subtract':
      case 'multiply':
      case 'divide':
      case 'modulo':
        if (site.params.length < 2) return null;
        return site.params.length === 2 || site.name !== 'add'
          ? `math "${MATH[site.name]}" ${site.params.slice(0, 2).map(print).join(' ')}`
          : `math "sum" ${args()}`;
      case 'setGlobalVar':
        return site.params.length === 2 ? `state.set ${args()} scope="global"` : null;
      case 'getGlobalVar':
        return site.params.length === 1 ? `state.get ${args()} scope="global"` : null;
      case 'base64':
        return site.params.length === 1 ? undefined : null;
      case 'eq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
      case 'and':
      case 'or':
      case 'not':
      case 'lookup':
        return undefined;
      case 'repeat':
      case 'json':
      case 'default':
      case 'size':
      case 'pick':
      case 'date':
      case 'dateAdd':
      case 'math':
      case 'sequence':
      case 'randomInt':
      case 'randomFloat':
      case 'upper':
      case 'lower':
      case 'jsonPath':
      case 'array':
      case 'object':
      case 'append':
      case 'md5':
      case 'sha256':
      case 'base64Decode':
      case 'workflowState':
        // Same name here with other arguments, or a Mockoon helper of ours only by coincidence.
        return site.name === 'array' || site.name === 'repeat' ? undefined : null;
      default:
        return null;
    }
  },
  path(original, whole) {
    void whole;
    return original;
  },
  blockArguments(site, print) {
    if (site.name !== 'repeat') return undefined;
    // Mockoon's #repeat joins with "," unless comma=false; ours takes the separator explicitly.
    const comma = site.hash.comma;
    const noComma = comma !== undefined && comma.type === 'BooleanLiteral' && (comma as hbs.AST.BooleanLiteral).value === false;
    return [...site.params.map(print), ...(noComma ? [] : ['separator=","'])].join(' ');
  },
};
