import { GraphQLError, isIntrospectionType } from 'graphql';
import type { ASTVisitor, ValidationContext } from 'graphql';

/**
 * introspectionConfig DISABLED, as AppSync answers it: __schema and __type still validate, but the
 * introspection types have no fields, so the first field asked of one is a graphql-java
 * FieldUndefined validation error (AppSync's guide shows "undefined 'types' field in '__Schema'").
 * __typename stays, as it is part of every type.
 */
export function NoIntrospectionRule(context: ValidationContext): ASTVisitor {
  const path: string[] = [];
  return {
    Field: {
      enter(node) {
        path.push(node.name.value);
        const parent = context.getParentType();
        if (!parent || !isIntrospectionType(parent) || node.name.value === '__typename') return undefined;
        context.reportError(
          new GraphQLError(
            `Validation error of type FieldUndefined: Field '${node.name.value}' in type '${parent.name}' is undefined @ '${path.join('/')}'`,
            { nodes: node },
          ),
        );
        // graphql-java cannot type an undefined field, so nothing below it is reported.
        path.pop();
        return false;
      },
      leave() {
        path.pop();
      },
    },
  };
}
