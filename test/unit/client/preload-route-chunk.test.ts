import { runInNewContext } from 'node:vm';
import type { HtmlTagDescriptor, IndexHtmlTransformContext } from 'vite';
import { preloadRouteChunk } from '../../../client/vite/preload-route-chunk';

// The build's line of script in index.html that preloads a lazy route's chunk on that route's paths.

const WATCH_PAGE = '/repo/client/src/pages/WatchPage.tsx';

type Bundle = NonNullable<IndexHtmlTransformContext['bundle']>;

function chunk(fileName: string, facadeModuleId: string, isDynamicEntry: boolean) {
  return { type: 'chunk', fileName, facadeModuleId, isDynamicEntry } as unknown as Bundle[string];
}

function tagsFor(bundle: Bundle): HtmlTagDescriptor[] {
  const plugin = preloadRouteChunk({ pathPrefix: '/watch/', module: WATCH_PAGE });
  const transform = plugin.transformIndexHtml as { handler: (html: string, context: object) => HtmlTagDescriptor[] };
  return transform.handler('<html></html>', { path: '/index.html', filename: 'index.html', bundle });
}

/** Runs the tag's script as a page at this path would, and says which links it added. */
function linksAddedAt(pathname: string, tag: HtmlTagDescriptor): Array<{ rel: string; href: string }> {
  const added: Array<{ rel: string; href: string }> = [];
  const document = {
    createElement: () => ({ rel: '', href: '' }),
    head: { append: (link: { rel: string; href: string }) => added.push({ ...link }) },
  };
  runInNewContext(tag.children as string, { location: { pathname }, document });
  return added;
}

describe("index.html's preload of a lazy route's chunk", () => {
  const bundle: Bundle = {
    'assets/index-a1.js': chunk('assets/index-a1.js', '/repo/client/src/main.tsx', false),
    'assets/WatchPage-b2.js': chunk('assets/WatchPage-b2.js', WATCH_PAGE, true),
    'assets/SignInPage-c3.js': chunk('assets/SignInPage-c3.js', '/repo/client/src/pages/SignInPage.tsx', true),
  };

  test("on the route's paths, a modulepreload link to its chunk; on any other, nothing", () => {
    const [tag, ...more] = tagsFor(bundle);
    expect(more).toEqual([]);
    expect(tag).toMatchObject({ tag: 'script', injectTo: 'head' });
    for (const path of ['/watch/01JTESTVIDEO0000000000000A', '/watch/01JTESTVIDEO0000000000000B'])
      expect(linksAddedAt(path, tag!)).toEqual([{ rel: 'modulepreload', href: '/assets/WatchPage-b2.js' }]);
    for (const path of ['/', '/my-videos', '/sign-in', '/watch'])
      expect({ path, links: linksAddedAt(path, tag!) }).toEqual({ path, links: [] });
  });

  test('a build where the page is no lazy chunk fails, rather than preload nothing', () => {
    const { ['assets/WatchPage-b2.js']: _, ...withoutIt } = bundle;
    expect(() =>
      tagsFor({ ...withoutIt, 'assets/index-a1.js': chunk('assets/index-a1.js', WATCH_PAGE, false) }),
    ).toThrow(/no lazy chunk for .*WatchPage\.tsx/);
  });
});
