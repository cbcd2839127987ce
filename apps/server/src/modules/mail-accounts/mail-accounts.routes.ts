import { id } from '@trato/contracts/common';
import {
  CreateMailAccountRequest,
  MailAccount,
  MailAccountList,
  MailConnectionTest,
  MailSenderList,
  UpdateMailAccountRequest,
} from '@trato/contracts/mail';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { wakeMailboxPollers } from '../mailboxes/imap-poller.ts';
import * as service from './mail-accounts.service.ts';
import { sendersFor, testMailAccount } from './mail-transport.ts';

const tags = ['mail-accounts'];
const Params = z.object({ id });

// Access is 'authenticated': admins manage every account, a user their own personal one (the service checks).
export const mailAccountsModule: AppModule = {
  name: 'mail-accounts',
  routes(app, { db }) {
    app.get(
      '/mail-accounts',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Mail accounts: every one for an admin; your own and the shared senders for others',
          response: { 200: MailAccountList },
        },
      },
      async (request) => ({ data: await service.listMailAccounts(db, authOf(request), request.locale) }),
    );
    app.get(
      '/mail-accounts/senders',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'The accounts you may send from (active shared senders and your own personal account), and which one your mail goes out through by default',
          response: { 200: MailSenderList },
        },
      },
      async (request) => sendersFor(db, authOf(request).userId),
    );
    app.post(
      '/mail-accounts',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'Add a shared account (admins) or your own personal account; passwords are stored encrypted',
          body: CreateMailAccountRequest,
          response: { 201: MailAccount },
        },
      },
      async (request, reply) => {
        const account = await service.createMailAccount(db, authOf(request), request.body, request.locale);
        wakeMailboxPollers();
        return reply.status(201).send(account);
      },
    );
    app.get(
      '/mail-accounts/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'One mail account (never its passwords)',
          params: Params,
          response: { 200: MailAccount },
        },
      },
      async (request) => service.getMailAccount(db, authOf(request), request.params.id, request.locale),
    );
    app.patch(
      '/mail-accounts/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Change an account; a password left out is kept, null clears it',
          params: Params,
          body: UpdateMailAccountRequest,
          response: { 200: MailAccount },
        },
      },
      async (request) => {
        const account = await service.updateMailAccount(
          db,
          authOf(request),
          request.params.id,
          request.body,
          request.locale,
        );
        wakeMailboxPollers();
        return account;
      },
    );
    app.delete(
      '/mail-accounts/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Remove an account: it stops sending and polling; its mail stays',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteMailAccount(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/mail-accounts/:id/test',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: "Connect to the account's SMTP and IMAP servers and report their answers",
          params: Params,
          response: { 200: MailConnectionTest },
        },
      },
      async (request) => testMailAccount(db, authOf(request), request.params.id),
    );
  },
};
