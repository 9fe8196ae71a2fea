import { PortInUseError } from '../../../local/lib/listen';
import { namePortVariable, PORT_ENV_NAMES, resolvePorts } from '../../../local/ports';

describe('the local ports', () => {
  test('the defaults, each moved by its variable; --ephemeral-ports makes them all free ones', () => {
    expect(resolvePorts({}, false)).toMatchObject({ appsync: 4000, s3: 4030, web: 4100 });
    expect(resolvePorts({ VIDEOPIPE_S3_PORT: '5030' }, false).s3).toBe(5030);
    expect(Object.values(resolvePorts({ VIDEOPIPE_S3_PORT: '5030' }, true))).toEqual(
      Object.keys(PORT_ENV_NAMES).map(() => 0),
    );
    expect(() => resolvePorts({ VIDEOPIPE_S3_PORT: 'http' }, false)).toThrow(
      'VIDEOPIPE_S3_PORT=http is not a port number (0-65535).',
    );
  });

  test('two services given one port are refused up front, naming both variables; free ports (0) may repeat', () => {
    expect(() => resolvePorts({ VIDEOPIPE_S3_PORT: '4000' }, false)).toThrow(
      'VIDEOPIPE_APPSYNC_PORT and VIDEOPIPE_S3_PORT both give port 4000: each service needs a port of its own.',
    );
    expect(resolvePorts({ VIDEOPIPE_S3_PORT: '0', VIDEOPIPE_SQS_PORT: '0' }, false)).toMatchObject({ s3: 0, sqs: 0 });
  });

  test("a taken port's sentence names the variable that moves that service", () => {
    const ports = resolvePorts({ VIDEOPIPE_WEB_PORT: '8080' }, false);
    expect(namePortVariable(new PortInUseError('Web app', 8080), ports).message).toBe(
      'Web app cannot listen on port 8080: it is already in use. Stop what uses it, start with VIDEOPIPE_WEB_PORT=<a free port>, or let every service pick a free port: npm start -- --ephemeral-ports.',
    );
    expect(namePortVariable(new PortInUseError('AppSync (TLS)', 4001), ports).message).toContain(
      'start with VIDEOPIPE_APPSYNC_TLS_PORT=<a free port>',
    );
    // A port no variable chose keeps the general sentence.
    const unnamed = new PortInUseError('Test', 9999);
    expect(namePortVariable(unnamed, ports)).toBe(unnamed);
  });
});
