import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from '../support/freePort';


async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`startImapServer(): dovecot did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Debian's dovecot-imapd on 127.0.0.1 from a throwaway config (shared/recipes/dovecot-test.md):
 * plaintext login, passwd-file users, maildir under a temp dir. `stop` kills it and removes the dir.
 */
export async function startImapServer(users: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-imap-'));
  // dovecot's auth process runs as its own user and must reach the users file.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const lines = Object.entries(users).map(([user, password]) => `${user}:${execFileSync('doveadm', ['pw', '-s', 'SHA512-CRYPT', '-p', password]).toString().trim()}::::::`);
  writeFileSync(join(dir, 'users'), `${lines.join('\n')}\n`);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  const nobody = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
  const nogroup = Number(execFileSync('getent', ['group', 'nogroup']).toString().split(':')[2]);
  chownSync(join(dir, 'mail'), nobody, nogroup);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%d/%n
}
mail_location = maildir:~/Maildir
# IDLE reports mail appended by another session within a second.
mailbox_idle_check_interval = 1 secs
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const launch = async () => {
    const started = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
    await waitForPort(port, Date.now() + 5000);
    return started;
  };
  const halt = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  };
  let child = await launch();

  /** An imapflow client logged in as `user` (the customer side of a test, or a check of the mailbox). */
  const connect = async (user: string) => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: users[user] ?? '' }, logger: false });
    await client.connect();
    return client;
  };

  return {
    port,
    connect,
    /** Delivers a raw RFC 822 message into a user's mailbox, as the provider's MTA would. */
    async deliver(user: string, raw: string | Buffer, mailbox = 'INBOX'): Promise<void> {
      const client = await connect(user);
      try {
        await client.append(mailbox, raw);
      } finally {
        await client.logout();
      }
    },
    /** Stops the server (dropping every connection) and starts it again on the same port and mail. */
    async restart(): Promise<void> {
      await halt();
      child = await launch();
    },
    async stop(): Promise<void> {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
