/**
 * A small reader for ARM template expressions (`"[func(...)]"`), enough to check a template
 * offline: every function exists, brackets and quotes balance, and which parameters, variables
 * and resource types are referenced.
 */

/** ARM template functions (learn.microsoft.com, "Template functions"); an unknown name is a typo. */
export const ARM_FUNCTIONS = new Set([
  'array', 'concat', 'contains', 'createArray', 'createObject', 'empty', 'first', 'indexOf', 'intersection', 'items', 'join', 'json', 'last',
  'lastIndexOf', 'length', 'max', 'min', 'null', 'range', 'skip', 'take', 'union', 'coalesce', 'equals', 'greater', 'greaterOrEquals', 'less',
  'lessOrEquals', 'dateTimeAdd', 'utcNow', 'deployment', 'environment', 'parameters', 'variables', 'and', 'bool', 'false', 'if', 'not', 'or',
  'true', 'add', 'copyIndex', 'div', 'float', 'int', 'mod', 'mul', 'sub', 'extensionResourceId', 'list', 'listKeys', 'pickZones', 'providers',
  'reference', 'resourceGroup', 'resourceId', 'subscription', 'subscriptionResourceId', 'managementGroup', 'tenant', 'tenantResourceId',
  'base64', 'base64ToJson', 'base64ToString', 'dataUri', 'dataUriToString', 'endsWith', 'format', 'guid', 'newGuid', 'padLeft', 'replace',
  'split', 'startsWith', 'string', 'substring', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri', 'uriComponent', 'uriComponentToString',
]);

export interface Call {
  name: string;
  /** The first argument when it is a string literal. */
  literal: string | undefined;
  /** The source of the whole argument list. */
  args: string;
}

/** True for a JSON string ARM evaluates (`[...]`), false for a literal (including `[[` escapes). */
export function isExpression(value: string): boolean {
  return value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}

/** Parses one expression; throws with the reason when it is malformed. Returns the calls in order. */
export function calls(expression: string): Call[] {
  const body = expression.slice(1, -1);
  const found: Call[] = [];
  const open: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch === "'") {
      i += 1;
      while (i < body.length && !(body[i] === "'" && body[i + 1] !== "'")) i += body[i] === "'" ? 2 : 1;
      if (i >= body.length) throw new Error(`unterminated string in ${expression}`);
      i += 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i));
    if (ident) {
      const name = ident[0];
      const after = i + name.length;
      const afterDot = i > 0 && body[i - 1] === '.';
      if (body[after] === '(') {
        if (afterDot) throw new Error(`method call .${name}() is not ARM syntax in ${expression}`);
        if (!ARM_FUNCTIONS.has(name)) throw new Error(`unknown function ${name}() in ${expression}`);
        const literal = /^'((?:[^']|'')*)'/.exec(body.slice(after + 1));
        found.push({ name, literal: literal?.[1], args: argsFrom(body, after) });
      } else if (!afterDot) {
        throw new Error(`bare identifier ${name} in ${expression}`);
      }
      i = after;
      continue;
    }
    if (ch === '(' || ch === '[') open.push(ch === '(' ? 41 : 93);
    if (ch === ')' || ch === ']') {
      if (open.pop() !== ch.charCodeAt(0)) throw new Error(`unbalanced ${ch} in ${expression}`);
    }
    i += 1;
  }
  if (open.length > 0) throw new Error(`unclosed bracket in ${expression}`);
  return found;
}

function argsFrom(body: string, openParen: number): string {
  let depth = 0;
  let quoted = false;
  for (let i = openParen; i < body.length; i += 1) {
    const ch = body[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth += 1;
    if (ch === ')' && --depth === 0) return body.slice(openParen + 1, i);
  }
  return body.slice(openParen + 1);
}

/** Every string in a JSON value, with its path (for messages). */
export function strings(value: unknown, path = '$'): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [...strings(key, `${path}.<key>`), ...strings(item, `${path}.${key}`)]);
  return [];
}

/** Every call in every expression under `value`. */
export function allCalls(value: unknown): (Call & { path: string })[] {
  return strings(value)
    .filter((s) => isExpression(s.value))
    .flatMap((s) => calls(s.value).map((call) => ({ ...call, path: s.path })));
}
