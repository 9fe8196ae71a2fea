import { VIDEO_CONTAINERS } from '../../common/media-containers';

// What the ffprobe Lambda layer is made of: sources pinned by SHA-256 from Debian's archive and the
// configure flags. Pure data: scripts/layer/build-ffprobe.ts reads it, and its hash keys the cache.
//
// Why this build: Lambda's nodejs22.x runs Amazon Linux 2023 (glibc 2.34). A static *glibc* ffprobe
// (such as @ffprobe-installer's) still dlopens NSS modules to resolve a hostname and gconv modules
// for iconv (the MPEG-TS demuxer's service names), from the host's glibc of another version, and
// segfaults. musl links its resolver and iconv in, reads /etc/resolv.conf and /etc/hosts itself,
// and a static musl binary cannot dlopen at all: it needs nothing from the host but the kernel.
// TLS (HTTPS presigned URLs) is mbed TLS, linked in statically too.

export interface SourceArchive {
  name: string;
  version: string;
  /** Where Debian's archive keeps it; tried in order (the first also names the cached file). */
  urls: [string, ...string[]];
  sha256: string;
  /** The license files the layer carries, relative to the unpacked source. */
  licenseFiles: string[];
}

const DEBIAN = 'http://deb.debian.org/debian/pool/main';
const DEBIAN_SECURITY = 'http://deb.debian.org/debian-security/pool/updates/main';

export const MBEDTLS: SourceArchive = {
  name: 'mbedtls',
  version: '2.28.3',
  urls: [`${DEBIAN}/m/mbedtls/mbedtls_2.28.3.orig.tar.gz`],
  sha256: '3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d',
  licenseFiles: ['LICENSE'],
};

export const FFMPEG: SourceArchive = {
  name: 'ffmpeg',
  version: '5.1.9',
  urls: [`${DEBIAN}/f/ffmpeg/ffmpeg_5.1.9.orig.tar.xz`, `${DEBIAN_SECURITY}/f/ffmpeg/ffmpeg_5.1.9.orig.tar.xz`],
  sha256: 'd9b593bb2ba93d4b50f74177e0cdcd41747e708596367deed0c30348a71dd176',
  licenseFiles: ['COPYING.LGPLv3', 'COPYING.LGPLv2.1', 'LICENSE.md'],
};

/**
 * The allowed containers (common/media-containers.ts: the probe's -format_whitelist) and nothing
 * that reads other files: no playlists (hls, concat), no image sequences (image2), so even without
 * its allow-list this ffprobe cannot follow a link out of the upload. A few more only so a refusal
 * can name what the file is: single pictures ("a still picture" rather than "unreadable") and Ogg
 * (an .ogv, not in MediaConvert's video inputs). mpegvideo is never picked as a container (the
 * allow-list refuses it): MPEG-PS leaves a video stream's codec to be probed from its bytes, and
 * without it that stream has no codec and no size.
 */
export const DEMUXERS = [
  ...VIDEO_CONTAINERS.map((container) => container.configureName),
  'ogg',
  'image_png_pipe',
  'image_jpeg_pipe',
  'image_webp_pipe',
  'mpegvideo',
];

/** Enough to read each stream's size, rate and layout; ffprobe decodes a few frames to be sure. */
export const DECODERS = [
  'h264',
  'hevc',
  'mpeg4',
  'mpeg1video',
  'mpeg2video',
  'h263',
  'msmpeg4v2',
  'msmpeg4v3',
  'wmv1',
  'wmv2',
  'wmv3',
  'vc1',
  'flv',
  'vp6f',
  'vp8',
  'vp9',
  'av1',
  'theora',
  'prores',
  'mjpeg',
  'gif',
  'aac',
  'mp3',
  'mp2',
  'ac3',
  'eac3',
  'vorbis',
  'flac',
  'alac',
  'wmav2',
  'pcm_s16le',
  'pcm_s16be',
  'pcm_s24le',
  'pcm_f32le',
];

export const PARSERS = [
  'h264',
  'hevc',
  'mpeg4video',
  'mpegvideo',
  'h263',
  'vc1',
  'vp8',
  'vp9',
  'av1',
  'mjpeg',
  'png',
  'aac',
  'mpegaudio',
  'ac3',
  'opus',
  'vorbis',
  'flac',
];

/** Local files (tests, the local cloud) and HTTP(S) for presigned URLs: nothing else. */
export const PROTOCOLS = ['file', 'http', 'https', 'tcp', 'tls'];

/** ./configure's flags; the compiler and mbed TLS paths are added by the build. */
export const FFMPEG_CONFIGURE_FLAGS = [
  '--enable-static',
  '--disable-shared',
  '--pkg-config=false',
  '--disable-everything',
  '--disable-autodetect',
  '--disable-doc',
  '--disable-debug',
  '--disable-programs',
  '--enable-ffprobe',
  '--disable-avdevice',
  '--disable-avfilter',
  '--disable-swscale',
  '--disable-swresample',
  '--disable-postproc',
  // Assembly speeds up decoding, which a probe barely does; without it the build needs no nasm.
  '--disable-x86asm',
  '--enable-network',
  // mbed TLS is Apache-2.0, which FFmpeg accepts under (L)GPL version 3: the binary is LGPL-3.0+.
  '--enable-version3',
  '--enable-mbedtls',
  `--enable-protocol=${PROTOCOLS.join(',')}`,
  `--enable-demuxer=${DEMUXERS.join(',')}`,
  `--enable-decoder=${DECODERS.join(',')}`,
  `--enable-parser=${PARSERS.join(',')}`,
];

export const LAYER_LICENSE = 'LGPL-3.0-or-later';
