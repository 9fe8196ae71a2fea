import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import type { PictureSize } from './aspect-ratio';

/**
 * The picture size the <video> decoded: known from loadedmetadata, updated on resize (a rendition
 * switch can round a side differently); undefined before.
 */
export function useDecodedSize(video: RefObject<HTMLVideoElement | null>): PictureSize | undefined {
  const [size, setSize] = useState<PictureSize | undefined>(undefined);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const onSize = () =>
      setSize((current) =>
        current?.width === element.videoWidth && current.height === element.videoHeight
          ? current
          : { width: element.videoWidth, height: element.videoHeight },
      );
    element.addEventListener('loadedmetadata', onSize);
    element.addEventListener('resize', onSize);
    return () => {
      element.removeEventListener('loadedmetadata', onSize);
      element.removeEventListener('resize', onSize);
    };
  }, [video]);
  return size;
}
