/** The canonical user id of the local account, which owns every bucket and (ACLs disabled) every object. */
export const OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';
