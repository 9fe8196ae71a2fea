import { OWNER_TAG_MARK } from '../../../common/constants/owner-name';

/**
 * The uploader as the feed may show them: the name they chose, which anyone may choose too, then
 * the tag their account fixes, which tells two "alice"s apart. Videos registered before tags
 * existed have none.
 */
export function UploaderName({ name, tag }: { name: string | null; tag: string | null }) {
  return (
    <span className="uploader" title="A name the uploader chose; the tag after it is fixed by their account.">
      {name ?? 'Someone'}
      {tag && (
        <span className="owner-tag">
          {' '}
          {OWNER_TAG_MARK}
          {tag}
        </span>
      )}
    </span>
  );
}
