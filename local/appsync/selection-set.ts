import { Kind, print } from 'graphql';
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { ResolverInfo } from './types';

/** ctx.info as AppSync builds it: field paths of the selection ("items", "items/id"), fragments expanded. */
export function resolverInfo(info: GraphQLResolveInfo): ResolverInfo {
  return fieldInfo(info.parentType.name, info.fieldNodes, info.fragments, info.variableValues);
}

export function fieldInfo(
  parentTypeName: string,
  fieldNodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): ResolverInfo {
  const list: string[] = [];
  for (const node of fieldNodes) {
    collect(node.selectionSet, '', fragments, list);
  }
  const [first] = fieldNodes;
  if (!first) throw new Error(`A field of ${parentTypeName} is resolved from at least one field node; none came.`);
  const selectionSet = first.selectionSet;
  return {
    fieldName: first.name.value,
    parentTypeName,
    variables,
    selectionSetList: [...new Set(list)],
    selectionSetGraphQL: selectionSet ? print(selectionSet) : '',
  };
}

function collect(
  selectionSet: SelectionSetNode | undefined,
  prefix: string,
  fragments: Record<string, FragmentDefinitionNode>,
  into: string[],
): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      const path = prefix + selection.name.value;
      into.push(path);
      collect(selection.selectionSet, `${path}/`, fragments, into);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, prefix, fragments, into);
    } else {
      collect(fragments[selection.name.value]?.selectionSet, prefix, fragments, into);
    }
  }
}
