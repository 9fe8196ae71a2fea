/** What validateVideoInput leaves in the stash for the rest of createVideo's pipeline. */
export type CreateVideoStash = {
  title: string;
  description: string | null;
};
