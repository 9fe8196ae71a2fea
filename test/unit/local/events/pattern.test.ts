import { EventBus, loadEventRules, matchesEventPattern } from '../../../../local/events';

const event = {
  source: 'aws.mediaconvert',
  'detail-type': 'MediaConvert Job State Change',
  detail: {
    status: 'COMPLETE',
    jobProgress: { jobPercentComplete: 100 },
    userMetadata: { videoId: 'v1', bucket: 'b' },
    tags: ['a', 'b'],
    name: 'Video-ONE.mp4',
  },
};

describe('EventBridge patterns', () => {
  test.each([
    ['exact values (any of a list)', { detail: { status: ['ERROR', 'COMPLETE'] } }, { detail: { status: ['ERROR'] } }],
    ['prefix', { detail: { name: [{ prefix: 'Video' }] } }, { detail: { name: [{ prefix: 'video' }] } }],
    [
      'prefix ignoring case',
      { detail: { name: [{ prefix: { 'equals-ignore-case': 'video' } }] } },
      { detail: { name: [{ prefix: { 'equals-ignore-case': 'audio' } }] } },
    ],
    ['suffix', { detail: { name: [{ suffix: '.mp4' }] } }, { detail: { name: [{ suffix: '.mov' }] } }],
    [
      'equals-ignore-case',
      { detail: { status: [{ 'equals-ignore-case': 'complete' }] } },
      { detail: { status: [{ 'equals-ignore-case': 'error' }] } },
    ],
    ['wildcard', { detail: { name: [{ wildcard: 'Video-*.mp4' }] } }, { detail: { name: [{ wildcard: 'Audio-*' }] } }],
    [
      'anything-but a value',
      { detail: { status: [{ 'anything-but': 'ERROR' }] } },
      { detail: { status: [{ 'anything-but': ['COMPLETE'] }] } },
    ],
    [
      'anything-but a prefix',
      { detail: { name: [{ 'anything-but': { prefix: 'Audio' } }] } },
      { detail: { name: [{ 'anything-but': { prefix: 'Video' } }] } },
    ],
    [
      'numeric ranges',
      { detail: { jobProgress: { jobPercentComplete: [{ numeric: ['>', 50, '<=', 100] }] } } },
      { detail: { jobProgress: { jobPercentComplete: [{ numeric: ['<', 50] }] } } },
    ],
    [
      'exists',
      { detail: { userMetadata: { videoId: [{ exists: true }] } } },
      { detail: { userMetadata: { missing: [{ exists: true }] } } },
    ],
    ['does not exist', { detail: { missing: [{ exists: false }] } }, { detail: { status: [{ exists: false }] } }],
    ['arrays in the event', { detail: { tags: ['b'] } }, { detail: { tags: ['z'] } }],
    [
      '$or',
      { $or: [{ detail: { status: ['ERROR'] } }, { source: ['aws.mediaconvert'] }] },
      { $or: [{ detail: { status: ['ERROR'] } }, { source: ['aws.s3'] }] },
    ],
  ])('%s', (_name, matching, failing) => {
    expect(matchesEventPattern(matching as Record<string, unknown>, event)).toBe(true);
    expect(matchesEventPattern(failing as Record<string, unknown>, event)).toBe(false);
  });

  test("the product's rule sends videopipe's MediaConvert job changes to job-events, and nothing else", () => {
    const delivered: Array<[string, unknown]> = [];
    const bus = new EventBus(loadEventRules(), { region: 'us-east-1', accountId: '000000000000' }, (target, envelope) =>
      delivered.push([target, envelope]),
    );
    const [ours, foreign] = bus.putEvents([
      { source: 'aws.mediaconvert', detailType: 'MediaConvert Job State Change', detail: event.detail },
      {
        source: 'aws.mediaconvert',
        detailType: 'MediaConvert Job State Change',
        detail: { status: 'COMPLETE', userMetadata: {} },
      },
    ]);
    expect(ours?.matchedRules).toEqual(['mediaconvert-job-state-change']);
    expect(foreign?.matchedRules).toEqual([]);
    expect(delivered).toEqual([
      [
        'job-events',
        expect.objectContaining({
          version: '0',
          source: 'aws.mediaconvert',
          'detail-type': 'MediaConvert Job State Change',
          account: '000000000000',
          region: 'us-east-1',
          detail: event.detail,
        }),
      ],
    ]);
  });
});
