import type { Context } from '@aws-appsync/utils';

// The contexts AppSync hands the resolvers, typed by what each one reads: a unit resolver its
// arguments and its data source's answer; a pipeline function also the stash and the step before.

/** A unit resolver's context: its field's arguments, and its data source's result. */
export type UnitContext<TArgs, TResult> = Context<TArgs, Record<string, unknown>, undefined, undefined, TResult>;

/** A pipeline function's context: arguments, the pipeline's stash, the step before's result, its own. */
export type PipelineContext<TArgs, TStash extends Record<string, unknown>, TPrevResult, TResult> = Context<
  TArgs,
  TStash,
  { result: TPrevResult },
  undefined,
  TResult
>;
