import { Kind, parse } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { decide } from '../../iam';
import type { LocalPrincipal } from '../../iam';
import { RequestUnauthorizedError } from './errors';

// AWS_IAM callers are held to their identity policies: appsync:GraphQL on
// <api arn>/types/<root type>/fields/<field> for each top-level field the operation selects (as
// CDK's grantMutation and Terraform grant it; nested types are not checked). A field the policies
// do not allow refuses the whole request, before any resolver runs: 401 UnauthorizedException
// "Permission denied", as AppSync answers.

function rootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  );
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return [...names];
}

/** Throws AppSync's 401 when the IAM caller's policies do not allow a top-level field of the operation. */
export function authorizeIamOperation(options: {
  schema: GraphQLSchema;
  apiArn: string;
  principal: LocalPrincipal;
  query: string;
  /** The query already parsed (the engine's cached document), else it is parsed here. */
  document?: DocumentNode;
  operationName: string | null;
}): void {
  let document: DocumentNode;
  try {
    document = options.document ?? parse(options.query);
  } catch {
    return; // The engine answers a query that does not parse.
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = options.operationName
    ? operations.find((candidate) => candidate.name?.value === options.operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return;
  const rootType = {
    query: options.schema.getQueryType(),
    mutation: options.schema.getMutationType(),
    subscription: options.schema.getSubscriptionType(),
  }[operation.operation];
  if (!rootType) return;
  for (const field of rootFields(document, operation)) {
    const resource = `${options.apiArn}/types/${rootType.name}/fields/${field}`;
    if (decide(options.principal, { action: 'appsync:GraphQL', resource }) !== 'allow')
      throw new RequestUnauthorizedError('Permission denied');
  }
}
