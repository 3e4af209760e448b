import { classifySmtpError } from './smtp-errors';

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <x@y.fr>: user unknown' }, 'bounced'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 5.3.4 message too big' }, 'failed'],
    [{ code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO', response: '450 4.2.1 mailbox busy' }, 'retry'],
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 try later' }, 'retry'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525', command: 'CONN' }, 'retry'],
    [{ code: 'ESOCKET', message: 'socket closed', command: 'DATA' }, 'unknown'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 5.7.8 bad credentials' }, 'fatal'],
    [{ code: 'ETLS', message: 'TLS handshake failed' }, 'fatal'],
  ])('%j → %s', (error, status) => {
    expect(classifySmtpError(error).status).toBe(status);
  });
});
