// Response schemas for the OpenAPI documents, from the types the controllers return. The view types
// are the one description of what a service answers (the compiler holds the code to them), so the
// documents take their schemas from those types rather than from decorators repeating them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import { createGenerator } from 'ts-json-schema-generator';
import * as ts from 'typescript';

/** What a service's generated module exports: the schema of each operation's success body. */
export interface ResponseSchemas {
  /** By operationId (`Controller_method`); absent for operations that answer no body. */
  operations: Record<string, object>;
  /** Component schemas the operations refer to. */
  schemas: Record<string, object>;
}

export const RESPONSE_SCHEMAS_FILE = join('src', 'openapi-responses.generated.ts');
const HTTP_METHOD_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

interface Operation {
  controller: string;
  method: string;
  file: string;
  /** The awaited return type as written (`CareCaseView` of `Promise<CareCaseView>` or of `CareCaseView`); undefined for void. */
  returns?: string;
  /** The controller file's imports, with relative paths made absolute, so `returns` resolves. */
  imports: string[];
}

function filesUnder(folder: string, suffix: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

function decoratorNames(node: ts.Node): string[] {
  return (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).flatMap((decorator) =>
    ts.isCallExpression(decorator.expression) && ts.isIdentifier(decorator.expression.expression) ? [decorator.expression.expression.text] : [],
  );
}

/** Controllers the libraries add to every service: health (libs/platform), messaging operations (libs/messaging). */
const LIBRARY_CONTROLLERS = [join('libs', 'platform', 'src', 'health'), join('libs', 'messaging', 'src')];

/** The HTTP operations of a service's controllers, as Nest names them (`Controller_method`). */
function operationsOf(root: string, serviceDir: string): Operation[] {
  const files = [...LIBRARY_CONTROLLERS.flatMap((folder) => filesUnder(join(root, folder), '.controller.ts')), ...filesUnder(join(serviceDir, 'src'), '.controller.ts')];
  return files.flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const imports = source.statements.filter(ts.isImportDeclaration).map((declaration) => {
      const specifier = (declaration.moduleSpecifier as ts.StringLiteral).text;
      const absolute = specifier.startsWith('.') ? join(dirname(file), specifier) : specifier;
      return declaration.getText(source).replace(declaration.moduleSpecifier.getText(source), JSON.stringify(absolute));
    });
    // Types the controller file declares itself (an answer's shape next to its route).
    const ownTypes = source.statements.flatMap((statement) =>
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
        ? [statement.name.text]
        : [],
    );
    if (ownTypes.length > 0) imports.push(`import type { ${ownTypes.join(', ')} } from ${JSON.stringify(file.replace(/\.ts$/, ''))};`);
    return source.statements.filter(ts.isClassDeclaration).flatMap((declaration) => {
      const controller = declaration.name?.text;
      if (!controller || !decoratorNames(declaration).includes('Controller')) return [];
      return declaration.members.flatMap((member) => {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name) || !decoratorNames(member).some((name) => HTTP_METHOD_DECORATORS.has(name))) return [];
        const operation = `${controller}_${member.name.text}`;
        const annotation = member.type;
        if (!annotation) {
          throw new Error(`${operation} (${file}) must declare its return type: the OpenAPI document takes the response schema from it`);
        }
        const isPromise = ts.isTypeReferenceNode(annotation) && annotation.typeName.getText(source) === 'Promise' && annotation.typeArguments?.length === 1;
        const returned = (isPromise && annotation.typeArguments ? annotation.typeArguments[0] : annotation).getText(source);
        return [{ controller, method: member.name.text, file, returns: returned === 'void' ? undefined : returned, imports }];
      });
    });
  });
}

/** A component's name: `Page<WorklistItem>` reads `WorklistItemPage`; other characters outside the allowed set become `_`. */
const componentName = (name: string): string => {
  const generic = /^(\w+)<(\w+)>$/.exec(name);
  return (generic ? `${generic[2]}${generic[1]}` : name).replace(/[^A-Za-z0-9._-]/g, '_');
};

/**
 * JSON Schema (draft 7, as the generator writes it) to the OpenAPI 3.0 dialect the documents use:
 * `nullable` instead of a null type, `enum` instead of `const`, refs into components.
 */
export function toOpenApi30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApi30);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = { ...(schema as Record<string, unknown>) };
  delete source.$schema;
  if ('const' in source) {
    source.enum = [source.const];
    delete source.const;
  }
  if (Array.isArray(source.type)) {
    const types = (source.type as string[]).filter((type) => type !== 'null');
    if (types.length < (source.type as string[]).length) source.nullable = true;
    if (types.length === 1) source.type = types[0];
    else {
      delete source.type;
      source.anyOf = types.map((type) => ({ type }));
    }
  }
  if (Array.isArray(source.enum) && (source.enum as unknown[]).includes(null)) {
    source.enum = (source.enum as unknown[]).filter((value) => value !== null);
    source.nullable = true;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = source[keyword] as Array<Record<string, unknown>> | undefined;
    if (!options) continue;
    const others = options.filter((option) => option.type !== 'null');
    if (others.length === options.length) continue;
    delete source[keyword];
    if (others.length === 1) {
      // A lone $ref cannot carry `nullable` in 3.0; allOf can.
      Object.assign(source, '$ref' in others[0] ? { allOf: [others[0]] } : others[0]);
    } else source[keyword] = others;
    source.nullable = true;
  }
  // The generator writes a generic's name URL-encoded in a $ref (`Page%3CX%3E`) and plain as its definition's key.
  // A Date reached through a mapped type (Omit<Entity, ...>) comes out as an object with a format: JSON writes it as a string.
  if (source.type === 'object' && source.format === 'date-time') {
    source.type = 'string';
    delete source.properties;
  }
  if (typeof source.$ref === 'string') source.$ref = `#/components/schemas/${componentName(decodeURIComponent(source.$ref.replace('#/definitions/', '')))}`;
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, key === 'properties' ? mapValues(value, toOpenApi30) : toOpenApi30(value)]));
}

function mapValues(value: unknown, map: (child: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, map(child)]));
}

/** Generates the response schemas of one service from its controllers' return types. */
export function generateResponseSchemas(root: string, service: string): ResponseSchemas {
  const serviceDir = join(root, 'services', service);
  const operations = operationsOf(root, serviceDir);
  const folder = mkdtempSync(join(tmpdir(), `opis-responses-${service}-`));
  try {
    // One alias per operation: the awaited return type of the handler, whatever form it takes.
    // One file per controller file: its own imports make the written return types resolve.
    const byFile = new Map<string, Operation[]>();
    for (const op of operations) byFile.set(op.file, [...(byFile.get(op.file) ?? []), op]);
    [...byFile.values()].forEach((ops, i) => {
      const aliases = ops.filter((op) => op.returns).map((op) => `export type ${op.controller}_${op.method} = ${op.returns};`);
      writeFileSync(join(folder, `operations-${i}.ts`), [...ops[0].imports, ...aliases].join('\n'));
    });
    const generator = createGenerator({
      path: join(folder, 'operations-*.ts'),
      tsconfig: join(root, 'tsconfig.base.json'),
      skipTypeCheck: true,
      expose: 'export',
      topRef: true,
      jsDoc: 'basic',
      additionalProperties: true,
      type: '*',
    });
    let definitions: Record<string, unknown>;
    try {
      definitions = (generator.createSchema('*').definitions ?? {}) as Record<string, unknown>;
    } catch (error) {
      // The generator's own error holds the whole syntax tree: name the operations and its reason.
      const reason = (error as { cause?: { message?: string }; message?: string }).cause?.message ?? (error as Error).message;
      throw new Error(`cannot generate the response schemas of ${service} (${operations.map((op) => `${op.controller}_${op.method}`).join(', ')}): ${reason}`);
    }
    const result: ResponseSchemas = { operations: {}, schemas: {} };
    for (const op of operations) {
      const name = `${op.controller}_${op.method}`;
      const schema = definitions[name] as Record<string, unknown> | undefined;
      delete definitions[name];
      // void: the operation answers without a body.
      if (!schema || (Object.keys(schema).length === 0) || schema.type === 'null') continue;
      result.operations[name] = toOpenApi30(schema) as object;
    }
    for (const [name, schema] of Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))) {
      result.schemas[componentName(name)] = toOpenApi30(schema) as object;
    }
    return withNullableTypes(dropUnreferenced(result));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * OpenAPI 3.0 wants a `type` beside `nullable`: a nullable reference (`allOf: [$ref]`) takes the
 * type of what it refers to, a nullable enum the type of its values.
 */
function withNullableTypes(result: ResponseSchemas): ResponseSchemas {
  const typeOf = (node: Record<string, unknown>, seen = new Set<string>()): string | undefined => {
    if (typeof node.type === 'string') return node.type;
    if (Array.isArray(node.enum) && node.enum.length > 0) return typeof node.enum[0] === 'number' ? 'number' : typeof node.enum[0];
    const options = (node.anyOf ?? node.oneOf) as Array<Record<string, unknown>> | undefined;
    if (options) {
      // Options of one type (a literal beside an enum of strings) share it.
      const types = new Set(options.map((option) => typeOf(option, seen)));
      return types.size === 1 ? [...types][0] : undefined;
    }
    const ref = (Array.isArray(node.allOf) ? (node.allOf[0] as Record<string, unknown>)?.$ref : node.$ref) as string | undefined;
    const name = ref?.replace('#/components/schemas/', '');
    if (!name || seen.has(name) || !result.schemas[name]) return undefined;
    return typeOf(result.schemas[name] as Record<string, unknown>, new Set([...seen, name]));
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)])) as Record<string, unknown>;
    if (entries.nullable === true && entries.type === undefined) {
      const type = typeOf(entries);
      if (type) entries.type = type;
    }
    return entries;
  };
  return { operations: visit(result.operations) as ResponseSchemas['operations'], schemas: visit(result.schemas) as ResponseSchemas['schemas'] };
}

/** Keeps only the component schemas an operation reaches. */
function dropUnreferenced(result: ResponseSchemas): ResponseSchemas {
  const reached = new Set<string>();
  const pending = [JSON.stringify(result.operations)];
  while (pending.length > 0) {
    for (const [, name] of (pending.pop() as string).matchAll(/#\/components\/schemas\/([\w.-]+)/g)) {
      if (reached.has(name) || !result.schemas[name]) continue;
      reached.add(name);
      pending.push(JSON.stringify(result.schemas[name]));
    }
  }
  return { operations: result.operations, schemas: Object.fromEntries(Object.entries(result.schemas).filter(([name]) => reached.has(name))) };
}

/** The module a service passes to startHttpService (generated; `npm run docs` rewrites it). */
export function renderResponseSchemasModule(root: string, service: string, schemas: ResponseSchemas): string {
  const generatorPath = relative(root, __filename).replace(/^dist\//, '').replace(/\.js$/, '.ts');
  return [
    `// Generated by \`npm run docs\` (${generatorPath}) from the return types of this service's controllers; do not edit.`,
    `// The OpenAPI document takes each operation's success schema from here.`,
    `export const RESPONSE_SCHEMAS = ${JSON.stringify(schemas, null, 2)};`,
    '',
  ].join('\n');
}

export function writeResponseSchemas(root: string, service: string): string {
  const path = join('services', service, RESPONSE_SCHEMAS_FILE);
  writeFileSync(join(root, path), renderResponseSchemasModule(root, service, generateResponseSchemas(root, service)));
  return path;
}
