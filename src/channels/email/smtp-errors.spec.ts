import { classifySmtpError } from './smtp-errors';

describe('classifySmtpError', () => {
  it.each([
    [
      { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <x@y.fr>: user unknown' },
      'bounced',
    ],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 5.3.4 message too big' }, 'failed'],
    [{ code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO', response: '450 4.2.1 mailbox busy' }, 'retry'],
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 try later' }, 'retry'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525', command: 'CONN' }, 'retry'],
    [{ code: 'ESOCKET', message: 'socket closed', command: 'DATA' }, 'unknown'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 5.7.8 bad credentials' }, 'fatal'],
    [{ code: 'ETLS', message: 'TLS handshake failed' }, 'fatal'],
    [
      {
        code: 'ESOCKET',
        originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        message: 'self-signed certificate',
        unreachableRelay: 'relay:465',
      },
      'fatal',
    ],
    [
      {
        code: 'ESOCKET',
        originalCode: 'ECONNREFUSED',
        message: 'connect ECONNREFUSED',
        command: 'CONN',
        unreachableRelay: 'relay:25',
      },
      'unreachable',
    ],
    [{ code: 'ECONNECTION', message: 'the SMTP pool is closed', stopping: true }, 'not_sent'],
  ])('%j → %s', (error, status) => {
    expect(classifySmtpError(error).status).toBe(status);
  });

  it('names the relay and what went wrong when it cannot be reached', () => {
    expect(
      classifySmtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', unreachableRelay: '127.0.0.1:1' }),
    ).toEqual({ status: 'unreachable', error: 'relais SMTP injoignable : 127.0.0.1:1 connection refused' });
    expect(
      classifySmtpError({
        code: 'EPROTOCOL',
        responseCode: 421,
        response: '421 4.3.2 Service not available',
        unreachableRelay: 'relay:25',
      }),
    ).toEqual({ status: 'unreachable', error: 'relais SMTP injoignable : relay:25 421 4.3.2 Service not available' });
  });
});
