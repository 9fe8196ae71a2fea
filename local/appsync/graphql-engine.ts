import {
  execute,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  getOperationAST,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type {
  DocumentNode,
  ExecutionResult,
  FieldNode,
  GraphQLFieldResolver,
  GraphQLNamedType,
  GraphQLSchema,
  OperationDefinitionNode,
  ValidationRule,
} from 'graphql';
import { APPSYNC_MAX_RESOLVER_COUNT, DEFAULT_API_LIMITS } from './api-limits';
import type { ApiLimits } from './api-limits';
import type { FieldAuthorizer } from './auth/field-auth';
import { DocumentCache } from './document-cache';
import { MAX_DOCUMENT_NESTING, NESTING_REFUSAL, nestsDeeperThan } from './document-nesting';
import {
  formatError,
  locatedFieldError,
  resolverCountLimitError,
  resolverGraphQLError,
  unauthorizedFieldError,
} from './error-format';
import type { AppSyncErrorEntry } from './error-format';
import { NoIntrospectionRule } from './no-introspection-rule';
import { assertWithinQueryDepth, limitIntrospectionDepth } from './query-depth';
import type { DepthLimitedContext } from './query-depth';
import type { ResolverExecutor } from './resolver-executor';
import { fieldInfo, resolverInfo } from './selection-set';
import type { Caller } from './types';

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  caller: Caller;
  headers: Record<string, string>;
}

export interface OperationResponse {
  data: Record<string, unknown> | null;
  errors?: AppSyncErrorEntry[];
}

/** A mutation field resolved: subscribers of it may need to hear. */
export type SubscriptionRegistration =
  | { errors: AppSyncErrorEntry[]; fieldName?: undefined }
  | { errors?: undefined; fieldName: string; arguments: Record<string, unknown>; filter: unknown };

export type MutationListener = (event: { mutationField: string; result: Record<string, unknown> }) => void;

interface RequestContext extends DepthLimitedContext {
  caller: Caller;
  headers: Record<string, string>;
  /** util.appendError entries: they go to `errors` without failing the field. */
  appended: GraphQLError[];
  /** Resolvers started so far, held to the resolver count limit. */
  resolversRun: number;
}

export interface GraphQLEngineOptions {
  onMutation?: MutationListener;
  limits?: ApiLimits;
}

/** Parsed documents kept: about 800,000 characters of query text; the web client's are 200-1,500 each. */
const DOCUMENT_CACHE = { maxBytes: 64 * 1024 * 1024, maxEntryBytes: 8 * 1024 * 1024 };

/** Parses, validates and executes GraphQL like AppSync, resolving fields through the manifest's resolvers. */
export class GraphQLEngine {
  private readonly documents = new DocumentCache<DocumentNode | readonly GraphQLError[]>(DOCUMENT_CACHE);
  private readonly fieldResolver: GraphQLFieldResolver<unknown, RequestContext>;
  private readonly onMutation: MutationListener;
  private readonly limits: ApiLimits;
  private readonly validationRules: readonly ValidationRule[];
  /** By subscription field: whether its events' rendering may run a resolver. */
  private readonly subscriptionsReachingResolvers = new Map<string, boolean>();
  private ownRenderKeys = 0;

  constructor(
    readonly schema: GraphQLSchema,
    private readonly executor: ResolverExecutor,
    private readonly authorizer: FieldAuthorizer,
    options: GraphQLEngineOptions = {},
  ) {
    this.onMutation = options.onMutation ?? (() => undefined);
    this.limits = options.limits ?? DEFAULT_API_LIMITS;
    this.validationRules =
      this.limits.introspection === 'DISABLED' ? [...specifiedRules, NoIntrospectionRule] : specifiedRules;
    limitIntrospectionDepth();
    // AppSync runs the resolvers within the limit, in document order, and fails the rest unrun.
    const resolverCountLimit = this.limits.resolverCountLimit || APPSYNC_MAX_RESOLVER_COUNT;
    this.fieldResolver = async (source, args, context, info) => {
      assertWithinQueryDepth(info, context.queryDepthLimit);
      const typeName = info.parentType.name;
      if (!this.authorizer.isAllowed(typeName, info.fieldName, context.caller)) {
        throw locatedFieldError(unauthorizedFieldError(typeName, info.fieldName), info);
      }
      if (!this.executor.hasResolver(typeName, info.fieldName)) {
        const value = (source as Record<string, unknown> | null)?.[info.fieldName];
        return value === undefined ? null : value;
      }
      context.resolversRun += 1;
      if (context.resolversRun > resolverCountLimit) throw locatedFieldError(resolverCountLimitError(), info);
      const outcome = await this.executor.resolve(typeName, info.fieldName, {
        arguments: JSON.parse(JSON.stringify(args)) as Record<string, unknown>,
        source: (source as Record<string, unknown> | null) ?? null,
        caller: context.caller,
        info: resolverInfo(info),
        headers: context.headers,
      });
      for (const appended of outcome.appendedErrors) {
        context.appended.push(
          new GraphQLError(appended.message, {
            nodes: info.fieldNodes,
            path: pathOf(info.path),
            extensions: {
              errorType: appended.errorType ?? null,
              data: appended.data ?? null,
              errorInfo: appended.errorInfo ?? null,
            },
          }),
        );
      }
      if (outcome.error) throw locatedFieldError(resolverGraphQLError(outcome.error), info);
      return outcome.value;
    };
  }

  /** A parsed and validated document, or the errors that stop it. Documents repeat, so they are cached. */
  prepare(query: string): DocumentNode | readonly GraphQLError[] {
    const cached = this.documents.get(query);
    if (cached) return cached;
    // Parsing recurses: a document nested thousands deep would overflow the stack, so it is refused first.
    if (nestsDeeperThan(query, MAX_DOCUMENT_NESTING)) return [new GraphQLError(NESTING_REFUSAL)];
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const errors = validate(this.schema, document, this.validationRules);
      prepared = errors.length > 0 ? errors : document;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      prepared = [error];
    }
    this.documents.set(query, prepared);
    return prepared;
  }

  async executeOperation(request: OperationRequest): Promise<OperationResponse> {
    const prepared = this.prepare(request.query);
    if (!isDocument(prepared)) return { data: null, errors: prepared.map(formatError) };
    const operation = getOperationAST(prepared, request.operationName ?? undefined);
    if (!operation) {
      return {
        data: null,
        errors: [formatError(new GraphQLError('Unknown operation, or several without an operationName.'))],
      };
    }
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      return {
        data: null,
        errors: [
          formatError(
            new GraphQLError('Subscriptions are served over the real-time WebSocket endpoint, not over HTTP.'),
          ),
        ],
      };
    }
    const context = this.requestContext(request);
    const result = await this.run(prepared, operation, request, context);
    if (operation.operation === OperationTypeNode.MUTATION && result.data)
      this.announceMutations(operation, result.data);
    return toResponse(result, context);
  }

  /**
   * The registration step of a subscription: checks the caller may use the field and runs its
   * resolver once, as AppSync does on `start`, reporting the filter the resolver set.
   */
  async registerSubscription(document: DocumentNode, request: OperationRequest): Promise<SubscriptionRegistration> {
    const operation = getOperationAST(document, request.operationName ?? undefined);
    const subscriptionType = this.schema.getSubscriptionType();
    const field = operation?.selectionSet.selections.find(
      (selection): selection is FieldNode => selection.kind === Kind.FIELD,
    );
    const definition = field ? subscriptionType?.getFields()[field.name.value] : undefined;
    if (
      !operation ||
      operation.operation !== OperationTypeNode.SUBSCRIPTION ||
      !field ||
      !definition ||
      !subscriptionType
    ) {
      return {
        errors: [formatError(new GraphQLError('The document must be one subscription operation selecting one field.'))],
      };
    }
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return { errors: coerced.errors.map(formatError) };
    if (!this.authorizer.isAllowed(subscriptionType.name, definition.name, request.caller)) {
      return { errors: [formatError(unauthorizedFieldError(subscriptionType.name, definition.name))] };
    }
    const fragments = Object.fromEntries(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
    );
    const args = JSON.parse(JSON.stringify(getArgumentValues(definition, field, coerced.coerced))) as Record<
      string,
      unknown
    >;
    const outcome = await this.executor.resolve(subscriptionType.name, definition.name, {
      arguments: args,
      source: null,
      caller: request.caller,
      info: fieldInfo(subscriptionType.name, [field], fragments, coerced.coerced),
      headers: request.headers,
    });
    if (outcome.error) {
      return { errors: [formatError(resolverGraphQLError(outcome.error))] };
    }
    return { fieldName: definition.name, arguments: args, filter: outcome.subscriptionFilter ?? null };
  }

  /** A subscription's payload: its own selection set applied to the mutation's result, with field auth. */
  async renderSubscriptionEvent(
    document: DocumentNode,
    request: OperationRequest,
    fieldName: string,
    value: unknown,
  ): Promise<OperationResponse> {
    const context = this.requestContext(request);
    // The root field's value is the mutation's result: no resolver runs again on delivery.
    const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) =>
      info.parentType === this.schema.getSubscriptionType()
        ? (source as Record<string, unknown>)[info.fieldName]
        : this.fieldResolver(source, args, ctx, info);
    const result = await execute({
      schema: this.schema,
      document,
      rootValue: { [fieldName]: value },
      contextValue: context,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
      fieldResolver,
      subscribeFieldResolver: undefined,
    });
    return toResponse(result, context);
  }

  /**
   * A subscription's SubscriptionSpec.renderKey: the same for the same document, operation and
   * variables seen by callers field auth treats alike, which render every event alike. When the
   * field's type reaches a field with a resolver, the subscription gets a key of its own: a
   * resolver may answer each caller differently.
   */
  subscriptionRenderKey(request: OperationRequest, fieldName: string): string {
    let reaches = this.subscriptionsReachingResolvers.get(fieldName);
    if (reaches === undefined) {
      const field = this.schema.getSubscriptionType()?.getFields()[fieldName];
      reaches =
        !field ||
        reachesResolver(this.schema, getNamedType(field.type), (type, name) => this.executor.hasResolver(type, name));
      this.subscriptionsReachingResolvers.set(fieldName, reaches);
    }
    if (reaches) return `own ${(this.ownRenderKeys += 1)}`;
    return JSON.stringify([
      request.query,
      request.operationName ?? null,
      request.variables ?? {},
      this.authorizer.viewOf(request.caller),
    ]);
  }

  private requestContext(request: OperationRequest): RequestContext {
    return {
      caller: request.caller,
      headers: request.headers,
      appended: [],
      resolversRun: 0,
      queryDepthLimit: this.limits.queryDepthLimit,
    };
  }

  private run(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    request: OperationRequest,
    context: RequestContext,
  ) {
    return Promise.resolve(
      execute({
        schema: this.schema,
        document,
        rootValue: {},
        contextValue: context,
        variableValues: request.variables ?? undefined,
        operationName: operation.name?.value ?? request.operationName ?? undefined,
        fieldResolver: this.fieldResolver,
      }),
    );
  }

  private announceMutations(operation: OperationDefinitionNode, data: Record<string, unknown>): void {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const value = data[selection.alias?.value ?? selection.name.value];
      if (value && typeof value === 'object') {
        this.onMutation({ mutationField: selection.name.value, result: value as Record<string, unknown> });
      }
    }
  }
}

/** Whether a field of `root`, or of any type reachable through fields from it, has a resolver. */
function reachesResolver(
  schema: GraphQLSchema,
  root: GraphQLNamedType,
  hasResolver: (typeName: string, fieldName: string) => boolean,
): boolean {
  const seen = new Set<string>();
  const pending = [root];
  for (let type = pending.pop(); type; type = pending.pop()) {
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    if (isAbstractType(type)) pending.push(...schema.getPossibleTypes(type));
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (hasResolver(type.name, field.name)) return true;
      pending.push(getNamedType(field.type));
    }
  }
  return false;
}

function isDocument(prepared: DocumentNode | readonly GraphQLError[]): prepared is DocumentNode {
  return !Array.isArray(prepared);
}

function toResponse(result: ExecutionResult, context: RequestContext): OperationResponse {
  const errors = [...(result.errors ?? []), ...context.appended].map(formatError);
  const data = result.data ?? null;
  return errors.length > 0 ? { data, errors } : { data };
}

function pathOf(path: { prev: unknown; key: string | number } | undefined): Array<string | number> {
  const keys: Array<string | number> = [];
  let current = path as { prev?: unknown; key: string | number } | undefined;
  while (current) {
    keys.unshift(current.key);
    current = current.prev as typeof current;
  }
  return keys;
}
