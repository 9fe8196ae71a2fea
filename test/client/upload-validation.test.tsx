/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { ClientConfig } from '../../common/client-config';
import { AuthStatusProvider } from '../../client/src/auth/auth-status';
import { ConfigProvider } from '../../client/src/config/config-context';
import { UploadPage } from '../../client/src/pages/UploadPage';
import { UploadManagerProvider } from '../../client/src/upload/upload-manager-context';
import { titleFromFileName, validateUpload } from '../../client/src/upload/validate-upload';

const MB = 1000 * 1000;

describe('validateUpload', () => {
  test('a video under the limit passes with its browser type', () => {
    expect(validateUpload({ name: 'a.mp4', size: 5 * MB, type: 'video/mp4' }, 100 * MB)).toEqual({
      ok: true,
      contentType: 'video/mp4',
    });
  });

  test('a video exactly at the limit passes; one byte over is refused with both sizes', () => {
    expect(validateUpload({ name: 'a.mp4', size: 100 * MB, type: 'video/mp4' }, 100 * MB).ok).toBe(true);
    expect(validateUpload({ name: 'big.mp4', size: 100 * MB + 1, type: 'video/mp4' }, 100 * MB)).toEqual({
      ok: false,
      message: '"big.mp4" is 100,000,001 bytes; videos can be at most 100,000,000 bytes.',
    });
  });

  test('a picture or a document is refused with what it is', () => {
    expect(validateUpload({ name: 'cat.png', size: 10, type: 'image/png' }, MB)).toEqual({
      ok: false,
      message: '"cat.png" is not a video (image/png); choose a video (MP4, MOV, MKV, WebM...).',
    });
    expect(validateUpload({ name: 'notes', size: 10, type: '' }, MB)).toEqual({
      ok: false,
      message: '"notes" is not a file type videopipe knows; choose a video (MP4, MOV, MKV, WebM...).',
    });
    expect(validateUpload({ name: 'big.mp4', size: 250 * MB, type: 'video/mp4' }, 100 * MB)).toEqual({
      ok: false,
      message: '"big.mp4" is 250.0 MB; videos can be at most 100.0 MB.',
    });
  });

  test('a video file the browser has no type for is judged by its extension', () => {
    expect(validateUpload({ name: 'clip.MKV', size: 10, type: '' }, MB)).toEqual({
      ok: true,
      contentType: 'video/x-matroska',
    });
    expect(validateUpload({ name: 'clip.mov', size: 10, type: '' }, MB)).toEqual({
      ok: true,
      contentType: 'video/quicktime',
    });
  });

  test('a video the pipeline cannot convert (Ogg) is refused with a sentence naming what it takes', () => {
    const refusal = {
      ok: false,
      message:
        '"film.ogv" is a kind of video videopipe cannot convert (video/ogg); choose a video in MP4, MOV, 3GP, MKV, WebM, AVI, WMV, FLV, MPEG or MPEG-TS.',
    };
    expect(validateUpload({ name: 'film.ogv', size: 10, type: 'video/ogg' }, MB)).toEqual(refusal);
    // Judged by the extension: a type the browser does not know, or names oddly, changes nothing.
    expect(validateUpload({ name: 'film.ogv', size: 10, type: '' }, MB).ok).toBe(false);
    expect(validateUpload({ name: 'clip.ts', size: 10, type: 'text/vnd.trolltech.linguist' }, MB)).toEqual({
      ok: true,
      contentType: 'video/mp2t',
    });
  });

  test('an empty file is refused', () => {
    expect(validateUpload({ name: 'zero.mp4', size: 0, type: 'video/mp4' }, MB)).toEqual({
      ok: false,
      message: '"zero.mp4" is empty.',
    });
  });

  test('a title comes from the file name', () => {
    expect(titleFromFileName('harbour_at-dawn.final.mp4')).toBe('harbour at dawn.final');
    expect(titleFromFileName('.mp4')).toBe('Untitled video');
  });
});

const config: ClientConfig = {
  region: 'us-east-1',
  graphqlUrl: 'http://127.0.0.1:1/graphql',
  realtimeUrl: 'ws://127.0.0.1:1/graphql/realtime',
  apiKey: 'da2-test',
  userPoolId: 'us-east-1_test',
  userPoolClientId: 'client',
  passwordPolicy: {
    minimumLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: false,
    temporaryPasswordValidityDays: 3,
  },
  playbackBaseUrl: 'http://127.0.0.1:1/playback',
  maxUploadBytes: 10 * MB,
  maxMultipartUploadBytes: 20 * MB,
};

/** Every request the page makes fails the test: validation must refuse before anything is sent. */
const noNetwork = new ApolloLink(() => {
  throw new Error('the upload page sent a request');
});

function renderUploadPage() {
  const client = new ApolloClient({ link: noNetwork, cache: new InMemoryCache() });
  render(
    <ConfigProvider config={config}>
      <ApolloProvider client={client}>
        <AuthStatusProvider>
          <MemoryRouter>
            <UploadManagerProvider>
              <UploadPage />
            </UploadManagerProvider>
          </MemoryRouter>
        </AuthStatusProvider>
      </ApolloProvider>
    </ConfigProvider>,
  );
}

function pick(file: File) {
  fireEvent.change(screen.getByLabelText(/choose a video/i), { target: { files: [file] } });
}

function fileOf(name: string, size: number, type: string): File {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('UploadPage', () => {
  test('a file over the multipart limit is refused at once, with the limit, and cannot be uploaded', () => {
    renderUploadPage();
    pick(fileOf('huge.mp4', 21 * MB, 'video/mp4'));
    expect(screen.getByRole('alert').textContent).toBe('"huge.mp4" is 21.0 MB; videos can be at most 20.0 MB.');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Upload' }).disabled).toBe(true);
  });

  test('a picture is refused; a video then clears the message and proposes a title', () => {
    renderUploadPage();
    pick(fileOf('cat.png', 2000, 'image/png'));
    expect(screen.getByRole('alert').textContent).toMatch(/choose a video/);
    pick(fileOf('harbour_at_dawn.mp4', 2 * MB, 'video/mp4'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('harbour at dawn');
    expect(screen.getByText('harbour_at_dawn.mp4 (2.0 MB)')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Upload' }).disabled).toBe(false);
  });

  test('a dropped file is checked like a picked one', () => {
    renderUploadPage();
    const zone = screen.getByText('Choose a video, or drop it here').closest('label') as HTMLLabelElement;
    fireEvent.drop(zone, { dataTransfer: { files: [fileOf('huge.mov', 21 * MB, 'video/quicktime')] } });
    expect(screen.getByRole('alert').textContent).toBe('"huge.mov" is 21.0 MB; videos can be at most 20.0 MB.');
    fireEvent.drop(zone, { dataTransfer: { files: [fileOf('fine.mov', MB, 'video/quicktime')] } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('fine.mov (1.0 MB)')).toBeTruthy();
  });

  test('an Ogg video is refused at once, before any upload starts; the picker offers only what the pipeline takes', () => {
    renderUploadPage();
    const input = screen.getByLabelText<HTMLInputElement>(/choose a video/i);
    expect(input.accept.split(',')).toEqual(expect.arrayContaining(['.mp4', '.mov', '.mkv', '.webm']));
    expect(input.accept).not.toMatch(/ogv|video\/\*/);

    // Act: pick it, then try to upload it anyway (noNetwork fails the test on any request).
    pick(fileOf('film.ogv', MB, 'video/ogg'));
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));

    expect(screen.getByRole('alert').textContent).toBe(
      '"film.ogv" is a kind of video videopipe cannot convert (video/ogg); choose a video in MP4, MOV, 3GP, MKV, WebM, AVI, WMV, FLV, MPEG or MPEG-TS.',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Upload' }).disabled).toBe(true);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  test('an empty title is refused before anything is sent', () => {
    renderUploadPage();
    pick(fileOf('a.mp4', MB, 'video/mp4'));
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the video a title.');
  });
});
