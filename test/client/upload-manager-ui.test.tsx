/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { of } from 'rxjs';
import type { ClientConfig } from '../../common/client-config';
import { createCache } from '../../client/src/api/create-cache';
import { UploadRows } from '../../client/src/components/UploadRows';
import { ConfigProvider } from '../../client/src/config/config-context';
import { UploadPage } from '../../client/src/pages/UploadPage';
import { ResumeNotes } from '../../client/src/upload/resume-notes';
import { UploadManager } from '../../client/src/upload/upload-manager';
import { UploadsScope } from '../../client/src/upload/upload-manager-context';
import { settle } from './fake-part-transport';
import { FakeUploadApi } from './fake-upload-api';

const MB = 1000 * 1000;
const MIB = 1024 * 1024;

const config = {
  maxUploadBytes: 10 * MB,
  maxMultipartUploadBytes: 5000 * MB,
} as ClientConfig;

/** What the API says of the interrupted upload 01VIDEO1 (My videos asks): part 1 of 3 is held. */
const link = new ApolloLink(() =>
  of({
    data: {
      multipartUpload: {
        __typename: 'MultipartUpload',
        videoId: '01VIDEO1',
        contentType: 'video/mp4',
        size: 17 * MIB,
        partSize: 8 * MIB,
        partCount: 3,
        uploadedParts: [{ __typename: 'UploadedPart', partNumber: 1, size: 8 * MIB }],
        expiresAt: '2999-01-01T00:00:00.000Z',
      },
    },
  }),
);

function setUp() {
  localStorage.clear();
  const api = new FakeUploadApi();
  const manager = new UploadManager({
    api,
    notes: new ResumeNotes(localStorage),
    maxPostBytes: config.maxUploadBytes,
    partOptions: { wait: async () => undefined },
  });
  manager.setOwner('ada-sub');
  const renderWith = (children: React.ReactNode) =>
    render(
      <ConfigProvider config={config}>
        <ApolloProvider client={new ApolloClient({ link, cache: createCache() })}>
          <MemoryRouter>
            <UploadsScope manager={manager}>{children}</UploadsScope>
          </MemoryRouter>
        </ApolloProvider>
      </ConfigProvider>,
    );
  return { api, manager, renderWith };
}

function fileOf(name: string, size: number): File {
  const file = new File(['x'], name, { type: 'video/mp4', lastModified: 1_764_000_000_000 });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** Whether leaving the page now would be questioned. */
function leavingIsWarned(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('uploads on the page', () => {
  test('leaving is warned about while bytes are in flight, not once paused', async () => {
    const { api, manager, renderWith } = setUp();
    renderWith(<p>any page</p>);
    expect(leavingIsWarned()).toBe(false);
    let job: ReturnType<UploadManager['start']>;
    await act(async () => {
      job = manager.start({
        file: fileOf('big.mp4', 17 * MIB),
        contentType: 'video/mp4',
        title: 'Big',
        description: '',
      });
      await settle();
    });
    expect(api.inFlight.length).toBeGreaterThan(0);
    expect(leavingIsWarned()).toBe(true);
    act(() => job.pause());
    expect(leavingIsWarned()).toBe(false);
  });

  test('My videos lists an upload on its way, with its progress and pause and resume', async () => {
    // Prepare
    const { api, manager, renderWith } = setUp();
    renderWith(
      <ul>
        <UploadRows />
      </ul>,
    );
    await act(async () => {
      manager.start({ file: fileOf('big.mp4', 17 * MIB), contentType: 'video/mp4', title: 'Big', description: '' });
      await settle();
    });

    // Act: part 1 arrives.
    await act(async () => {
      api.put(1).succeed();
      await settle();
    });

    // Assess
    const row = screen.getByRole('listitem', { name: 'Big' });
    expect(row.textContent).toContain('big.mp4 (17.8 MB)');
    // Within a fifth of a second: progress shows a few times a second, not at every event.
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'Uploading' }).getAttribute('aria-valuenow')).toBe('47'),
    );

    // Pause, and the bar says so; resume, and it uploads again.
    fireEvent.click(screen.getByRole('button', { name: 'Pause uploading Big' }));
    expect(screen.getByRole('progressbar', { name: 'Paused' }).getAttribute('aria-valuetext')).toBe(
      '47%, 8.4 MB of 17.8 MB',
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Resume uploading Big' }));
      await settle();
    });
    expect(screen.getByRole('progressbar', { name: 'Uploading' })).toBeTruthy();
    expect(api.inFlightParts()).toEqual([2, 3]);
  });

  test('an upload left by an earlier visit shows how far it got, and how to resume it', async () => {
    // Prepare: the note a tab left before it was reloaded.
    const { renderWith } = setUp();
    new ResumeNotes(localStorage).save({
      videoId: '01VIDEO1',
      title: 'Harbour',
      description: '',
      file: { name: 'big.mp4', size: 17 * MIB, lastModified: 1 },
      ownerId: 'ada-sub',
      expiresAt: '2999-01-01T00:00:00.000Z',
    });

    // Act
    renderWith(
      <ul>
        <UploadRows />
      </ul>,
    );

    // Assess: S3's part 1 of 3 as the bar, and the way to resume.
    const bar = await screen.findByRole('progressbar', { name: 'Interrupted' });
    expect(bar.getAttribute('aria-valuetext')).toBe('47%, 8.4 MB of 17.8 MB');
    expect(screen.getByRole('listitem', { name: 'Harbour' }).textContent).toContain(
      'To resume it, choose the same file on the Upload page',
    );
    expect(screen.getByRole('button', { name: 'Discard the upload of Harbour' })).toBeTruthy();
  });

  test('the same file picked again after a reload is offered for resuming, with what was typed', async () => {
    // Prepare: a first "tab" sent part 2 of 3 of the file and was closed.
    const first = setUp();
    const file = fileOf('big.mp4', 17 * MIB);
    first.manager.start({ file, contentType: 'video/mp4', title: 'Harbour', description: 'At dawn.' });
    await settle();
    first.api.put(2).succeed();
    await settle();
    first.manager.jobs[0]!.pause();
    const api = first.api;
    const manager = new UploadManager({ api, notes: new ResumeNotes(localStorage), maxPostBytes: 10 * MB });
    manager.setOwner('ada-sub');
    render(
      <ConfigProvider config={config}>
        <ApolloProvider client={new ApolloClient({ link, cache: createCache() })}>
          <MemoryRouter>
            <UploadsScope manager={manager}>
              <UploadPage />
            </UploadsScope>
          </MemoryRouter>
        </ApolloProvider>
      </ConfigProvider>,
    );

    // Act: the same file again.
    fireEvent.change(screen.getByLabelText(/choose a video/i), { target: { files: [fileOf('big.mp4', 17 * MIB)] } });

    // Assess: the offer, the typed title and description back.
    expect(screen.getByRole('status').textContent).toContain('You began uploading this file before, as “Harbour”.');
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Harbour');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Description').value).toBe('At dawn.');

    // Act: resume.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Resume upload' }));
      await settle();
    });

    // Assess: only parts 1 and 3 go, and the page can pause it.
    expect(api.calls).toContain('findMultipartUpload 01VIDEO1');
    expect(api.inFlightParts()).toEqual([1, 3]);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
  });
});
